// Reading a published bundle file by file, as a reader over HTTP does: a static server offers no
// atomic view of a directory, and a publisher may replace the bundle between two requests.
//
// A publisher writes index.rvq, then bundle.witness.json, then table.rulake.json (each file
// replaced atomically, or the directory as a whole). A reader asks for them the other way round:
// once it holds a new sidecar, the witness and index it fetches next are at least as new. It then
// checks that the three are one bundle: the witness record names the sidecar's bundle witness, and
// the index has the record's size and Merkle root. Files of two publishes disagree; the reader then
// fetches all three once more and, if they still disagree, fails with WitnessMismatch naming what
// disagreed. The rings (JS fetch, Python's transport) only move bytes:
//   while (name = fetch.next_file()) fetch.put(GET(url + name))
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ruvector/lake/backend.hpp"
#include "ruvector/witness/checkpoint.hpp"
#include "ruvector/witness/note.hpp"

namespace ruvector::lake {

class BundleFetch {
 public:
  // Fetches of the whole bundle before its files' disagreement is an error.
  static constexpr int kAttempts = 2;

  // `where` names the bundle in errors (its URL). `trusted_keys` (verifier keys "name+hash+base64";
  // InvalidInput here if one is malformed) travel with the bundle: the lake then checks its signed
  // checkpoint and log inclusion before installing it.
  BundleFetch(std::string where, std::span<const std::string> trusted_keys);

  // The file to fetch next ("table.rulake.json", "bundle.witness.json", "index.rvq"), or "" once the
  // bundle is complete and its files agree.
  [[nodiscard]] std::string_view next_file() const noexcept;
  [[nodiscard]] int attempt() const noexcept { return attempt_; }
  // The bytes of next_file(). The last one triggers the check: on disagreement the next attempt
  // starts over (next_file() is the sidecar again), after the last attempt WitnessMismatch.
  // A malformed sidecar or witness record is a PersistError at once (no refetch).
  void put(std::vector<std::uint8_t> bytes);
  // The checked bundle (InvalidInput unless complete), with the trusted keys; the fetch is spent.
  [[nodiscard]] BundleBytes take();

 private:
  std::string where_;
  std::vector<witness::NoteVerifier> trusted_;
  std::array<std::vector<std::uint8_t>, 3> files_;
  std::size_t step_ = 0;
  int attempt_ = 1;
  bool taken_ = false;
};

// What a reader shows of a signed bundle it installed: the checkpoint the trusted keys verified, the
// names of those that signed it, and the bundle's leaf in the log. The same checks as the lake's
// (verify_bundle_log): WitnessMismatch if the record carries no log proof or it does not verify.
struct VerifiedCheckpoint {
  witness::Checkpoint checkpoint;
  std::vector<std::string> key_names;
  std::uint64_t leaf_index = 0;
};
VerifiedCheckpoint verified_checkpoint_of(std::string_view witness_json,
                                          std::span<const witness::NoteVerifier> trusted);

}  // namespace ruvector::lake
