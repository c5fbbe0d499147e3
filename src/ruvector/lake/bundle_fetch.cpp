#include "ruvector/lake/bundle_fetch.hpp"

#include <optional>

#include "ruvector/core/bytes.hpp"
#include "ruvector/core/error.hpp"
#include "ruvector/lake/bundle.hpp"
#include "ruvector/lake/sidecar.hpp"
#include "ruvector/witness/hex.hpp"

namespace ruvector::lake {
namespace {

// The reverse of the order a publisher writes them in (lake_bundles.cpp).
constexpr std::array<const char*, 3> kFetchOrder = {kSidecarFileName, kWitnessFileName, kIndexFileName};
constexpr std::size_t kSidecar = 0;
constexpr std::size_t kWitness = 1;
constexpr std::size_t kIndex = 2;

std::string_view text_of(const std::vector<std::uint8_t>& bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

// What makes the three files not one bundle, or nullopt if they are.
std::optional<std::string> disagreement(const std::array<std::vector<std::uint8_t>, 3>& files) {
  const BundleSidecar sidecar = parse_sidecar(text_of(files[kSidecar]));
  const BundleWitness record = parse_bundle_witness(text_of(files[kWitness]));
  if (record.rvf_witness != sidecar.rvf_witness) {
    return std::string(kWitnessFileName) + " is for bundle witness " + record.rvf_witness + ", " + kSidecarFileName +
           " has " + sidecar.rvf_witness;
  }
  SpanSource index(files[kIndex]);
  const witness::Hash root = index_bytes_root(index);
  if (files[kIndex].size() != record.index_bytes || root != record.index_root) {
    return std::string(kIndexFileName) + " has " + std::to_string(files[kIndex].size()) + " bytes with root " +
           witness::to_hex(root) + ", " + kWitnessFileName + " describes " + std::to_string(record.index_bytes) +
           " bytes with root " + witness::to_hex(record.index_root);
  }
  return std::nullopt;
}

}  // namespace

BundleFetch::BundleFetch(std::string where, std::span<const std::string> trusted_keys) : where_(std::move(where)) {
  trusted_.reserve(trusted_keys.size());
  for (const std::string& key : trusted_keys) trusted_.push_back(witness::NoteVerifier::parse(key));
}

std::string_view BundleFetch::next_file() const noexcept {
  return step_ < kFetchOrder.size() ? kFetchOrder[step_] : "";
}

void BundleFetch::put(std::vector<std::uint8_t> bytes) {
  if (taken_ || step_ >= kFetchOrder.size()) {
    throw_error(ErrorCode::kInvalidInput, "bundle '" + where_ + "': every file was fetched already");
  }
  files_[step_++] = std::move(bytes);
  if (step_ < kFetchOrder.size()) return;
  const std::optional<std::string> why = disagreement(files_);
  if (!why) return;
  if (attempt_ < kAttempts) {
    ++attempt_;
    step_ = 0;
    for (auto& file : files_) file.clear();
    return;
  }
  throw_error(ErrorCode::kWitnessMismatch, "bundle '" + where_ + "': its files disagree in " +
                                               std::to_string(kAttempts) +
                                               " fetches (republished while being read, or not one bundle): " + *why);
}

VerifiedCheckpoint verified_checkpoint_of(std::string_view witness_json,
                                          std::span<const witness::NoteVerifier> trusted) {
  const BundleWitness record = parse_bundle_witness(witness_json);
  witness::Checkpoint checkpoint = verify_bundle_log(record, trusted);  // WitnessMismatch without a log proof
  if (!record.log) throw_error(ErrorCode::kWitnessMismatch, "bundle witness mismatch: no log proof");
  VerifiedCheckpoint out{std::move(checkpoint), {}, record.log->leaf_index};
  for (const witness::NoteSignature& s : witness::open_note(record.log->checkpoint, trusted).verified) {
    out.key_names.push_back(s.name);
  }
  return out;
}

BundleBytes BundleFetch::take() {
  if (taken_ || step_ < kFetchOrder.size()) {
    throw_error(ErrorCode::kInvalidInput,
                "bundle '" + where_ + (taken_ ? "' was taken already" : "' is not fetched completely"));
  }
  taken_ = true;
  BundleBytes bundle;
  bundle.sidecar = std::move(files_[kSidecar]);
  bundle.witness = std::move(files_[kWitness]);
  bundle.index = std::move(files_[kIndex]);
  bundle.where = where_;
  bundle.trusted = std::move(trusted_);
  return bundle;
}

}  // namespace ruvector::lake
