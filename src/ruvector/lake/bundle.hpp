// A published bundle's witness file and its verification, over bytes (every target; the directory
// functions read the OS's files natively and the module's file system in wasm). A bundle is three files:
//   index.rvq             the cached RabitqIndex (docs/file_format.md)
//   bundle.witness.json   this file's record: the content witness v2 of the index's vectors, ids and
//                         parameters, the Merkle root of the index file's bytes, and, when the bundle
//                         was published with a signer, its transparency-log entry's inclusion proof
//                         under the signed checkpoint written at publish time
//   table.rulake.json     upstream's sidecar (sidecar.hpp)
// Log entry (the leaf the log holds; docs/lake.md, "Bundle witness file"):
//   "ruvector-bundle-v1\0" || rvf_witness (32 bytes) || content root (32) || index root (32)
//   || u64le(index bytes)
// Verification recomputes everything from the bytes, streaming, and raises WitnessMismatch naming
// what differs: a parameter, the vector count, the vector data, the index bytes outside the
// vectors, the sidecar, the checkpoint's signature, or the entry's inclusion in the log.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ruvector/core/bytes.hpp"
#include "ruvector/lake/sidecar.hpp"
#include "ruvector/rabitq/rabitq_index.hpp"
#include "ruvector/witness/checkpoint.hpp"
#include "ruvector/witness/content_witness.hpp"
#include "ruvector/witness/note.hpp"

namespace ruvector::lake {

inline constexpr const char* kIndexFileName = "index.rvq";
inline constexpr const char* kWitnessFileName = "bundle.witness.json";
inline constexpr std::string_view kWitnessFormat = "ruvector-bundle-witness 1";
// The index file is hashed as RFC 9162 leaves of this many bytes (the last one shorter).
inline constexpr std::uint64_t kIndexChunkBytes = std::uint64_t{1} << 20U;

// Where the bundle's witness sits in a transparency log.
struct BundleLogProof {
  std::string checkpoint;  // the signed checkpoint note written right after the append
  std::uint64_t leaf_index = 0;
  std::uint64_t tree_size = 0;  // the checkpoint's size
  std::vector<witness::Hash> inclusion_proof;
};

// The record of bundle.witness.json.
struct BundleWitness {
  std::string rvf_witness;  // the sidecar's, hex
  witness::ContentParams params;
  witness::ContentWitness content;
  std::uint64_t index_bytes = 0;
  witness::Hash index_root{};
  std::optional<BundleLogProof> log;
};

std::string bundle_witness_to_json(const BundleWitness& record);
// PersistError on malformed JSON, missing or mistyped fields, an unknown format, > 64 KiB.
BundleWitness parse_bundle_witness(std::string_view json);

// The bytes the transparency log holds for this bundle (the leaf is their RFC 9162 leaf hash).
std::vector<std::uint8_t> bundle_log_entry(const BundleWitness& record);

// Merkle root over kIndexChunkBytes pieces of `source`, hashed on up to `threads` threads.
witness::Hash index_bytes_root(ByteSource& source, unsigned threads = 0);

// Content witness v2 of a built index's stored rows (InvalidInput if it stores no vectors).
witness::ContentParams content_params_of(const rabitq::RabitqIndex& index, const witness::Generation& generation);
witness::ContentWitness content_witness_of(const rabitq::RabitqIndex& index, const witness::Generation& generation,
                                           unsigned threads = 0);

// The witness record of `index` (serialized as `index_bytes`) published under `sidecar`; no log yet.
BundleWitness make_bundle_witness(const BundleSidecar& sidecar, const rabitq::RabitqIndex& index,
                                  std::span<const std::uint8_t> index_bytes, unsigned threads = 0);

struct BundleInfo {
  BundleSidecar sidecar;
  BundleWitness witness;                          // as recorded, every field checked against the bytes
  std::optional<witness::Checkpoint> checkpoint;  // set by verify_bundle: the verified checkpoint
};

// Parses the sidecar and the witness record, recomputes the content witness (streaming, one list
// in memory) and the index root from `index`, and checks them against the record: WitnessMismatch
// naming what differs. Checks no signature: a bundle published without a signer reads too.
BundleInfo read_bundle(std::string_view sidecar_json, std::string_view witness_json, ByteSource& index,
                       unsigned threads = 0);
// read_bundle, then the record's checkpoint against `trusted` (at least one must have signed it)
// and the inclusion of the bundle's log entry under it. WitnessMismatch if any of it fails or the
// bundle carries no log proof; InvalidInput if `trusted` is empty.
BundleInfo verify_bundle(std::string_view sidecar_json, std::string_view witness_json, ByteSource& index,
                         std::span<const witness::NoteVerifier> trusted, unsigned threads = 0);
// The log part of verify_bundle alone, for a record whose other fields were checked already.
witness::Checkpoint verify_bundle_log(const BundleWitness& record, std::span<const witness::NoteVerifier> trusted);

// Checks a record against values recomputed from an index however it was read (streamed or
// loaded): the sidecar's witness and dim, the content witness (naming parameters, count or data),
// and the index file's size and root. WitnessMismatch naming what differs.
void check_bundle_witness(const BundleWitness& record, const BundleSidecar& sidecar,
                          const witness::ContentParams& params, const witness::ContentWitness& content,
                          std::uint64_t index_bytes, const witness::Hash& index_root);
// Runs `read_index` (which parses the index file); if it throws and the file is not the published
// one (its size or root differ from the record's), the error becomes a WitnessMismatch saying so.
void parse_index_checked(const BundleWitness& record, std::uint64_t index_bytes, const witness::Hash& index_root,
                         const std::function<void()>& read_index);

// The index file's root (index_bytes_root) and the content witness of `index` (content_witness_of),
// both from one parallel pass: the file's 1 MiB leaves and the content tree's subtrees of
// `block_leaves` rows (a power of two) are hashed as tasks ordered by where their bytes lie, so
// each region of a mapped file is read once, by one thread, for both trees. The subtree roots fold
// into the sequential roots exactly (StreamingMerkleRoot::append). Every stored row is also
// checked finite (the check a mapped load defers): PersistError naming the row otherwise.
struct IndexAndContentRoots {
  witness::Hash index_root{};
  witness::ContentWitness content;
};
IndexAndContentRoots index_and_content_roots(std::span<const std::uint8_t> file, const rabitq::RabitqIndex& index,
                                             const witness::Generation& generation, unsigned threads = 0,
                                             std::size_t block_leaves = 16384);

// What the checks before an index entered the lake's cache established. The cache shares entries
// by bundle witness, which names the sidecar's fields, not the data: a key whose backend trusts
// keys is served only from an entry whose checks one of those keys passed (trusted_by).
struct BundleTrust {
  // The index file's Merkle root, when its bytes and content witness were recomputed and matched
  // the bundle's witness record (unset: built here from pulled rows, or installed without a record).
  std::optional<witness::Hash> index_root;
  // Trusted verifier keys that signed the checkpoint under which the record is in the log.
  std::vector<witness::NoteVerifier> signers;
};
// Whether an entry checked as `trust` may serve a key whose backend trusts `required` (one of them
// must be a signer); every entry serves a key that trusts no keys.
bool trusted_by(const BundleTrust& trust, std::span<const witness::NoteVerifier> required);
// The keys of `trusted` that signed `note` (already verified), in `trusted`'s order.
std::vector<witness::NoteVerifier> signers_among(std::string_view note, std::span<const witness::NoteVerifier> trusted);

// What warm restarts install: the bundle's index, loaded from `index` (once; no streaming pass
// unless the bytes are not the published ones, to name what differs) and checked as read_bundle
// does, plus verify_bundle's log check when `trusted` is not empty.
struct LoadedBundle {
  BundleSidecar sidecar;
  rabitq::RabitqIndex index;
  BundleTrust trust;
};
LoadedBundle load_verified_bundle(std::string_view sidecar_json, std::string_view witness_json, ByteSource& index,
                                  std::span<const witness::NoteVerifier> trusted, unsigned threads = 0);

#if !defined(__EMSCRIPTEN__)
// load_verified_bundle serving the index from the mapped file (RabitqIndex::map, zero-copy): the
// index root and the content witness come from one pass over the mapped bytes
// (index_and_content_roots), read through the mapping the index serves from, so its pages are mapped
// into this process. Both overloads end with RabitqIndex::warm_up: the index is ready to answer its
// first search as fast as later ones.
LoadedBundle load_verified_bundle(std::string_view sidecar_json, std::string_view witness_json,
                                  const std::shared_ptr<MappedFile>& index,
                                  std::span<const witness::NoteVerifier> trusted, unsigned threads = 0);
#endif

BundleInfo read_bundle_dir(const std::string& dir, unsigned threads = 0);
BundleInfo verify_bundle_dir(const std::string& dir, std::span<const witness::NoteVerifier> trusted,
                             unsigned threads = 0);

}  // namespace ruvector::lake
