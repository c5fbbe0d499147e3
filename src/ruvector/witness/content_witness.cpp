#include "ruvector/witness/content_witness.hpp"

#include <algorithm>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "ruvector/core/error.hpp"
#include "ruvector/core/parallel.hpp"
#include "ruvector/witness/generation_bytes.hpp"
#include "ruvector/witness/hex.hpp"

namespace ruvector::witness {
namespace {

constexpr std::string_view kParamsTag{"ruvector-content-witness-v2\0", 28};

void append_short_string(std::vector<std::uint8_t>& out, std::string_view what, const std::string& s) {
  if (s.size() > 255) {
    throw_error(ErrorCode::kInvalidInput,
                std::string(what) + " is longer than 255 bytes (" + std::to_string(s.size()) + ")");
  }
  out.push_back(static_cast<std::uint8_t>(s.size()));
  append_bytes(out, crypto::as_bytes(s));
}

std::string generation_text(const Generation& g) {
  if (const auto* n = std::get_if<std::uint64_t>(&g)) return std::to_string(*n);
  return "\"" + std::get<std::string>(g) + "\"";
}

}  // namespace

std::string ContentWitness::root_hex() const {
  return to_hex(root);
}

Hash content_params_hash(const ContentParams& params) {
  std::vector<std::uint8_t> bytes;
  append_bytes(bytes, crypto::as_bytes(kParamsTag));
  append_uint_le(bytes, params.dim, 4);
  append_short_string(bytes, "metric", params.metric);
  append_short_string(bytes, "rotation kind", params.rotation_kind);
  append_u64le(bytes, params.rotation_seed);
  append_uint_le(bytes, params.bits, 4);
  append_generation(bytes, params.generation);
  return leaf_hash(bytes);
}

ContentWitnessBuilder::ContentWitnessBuilder(ContentParams params)
    : params_(std::move(params)), params_hash_(content_params_hash(params_)) {}

// The leaf of one vector: the id and the float32 bytes hashed in place (no copy of the vector).
Hash content_vector_leaf(std::uint64_t id, std::span<const float> vector) noexcept {
  const std::uint8_t prefix = 0x00;
  std::uint8_t id_le[8];
  for (unsigned i = 0; i < 8; ++i) id_le[i] = static_cast<std::uint8_t>(id >> (8U * i));
  const crypto::Bytes values(reinterpret_cast<const std::uint8_t*>(vector.data()), vector.size_bytes());
  return crypto::sha256_of_parts({crypto::Bytes(&prefix, 1), crypto::Bytes(id_le, 8), values});
}

namespace {

// Leaf hashes are computed in parallel this many rows at a time, then folded into the streaming
// root in order: 512 KB of hashes in flight whatever the number of rows.
constexpr std::size_t kLeafBatch = 16384;

}  // namespace

void ContentWitnessBuilder::add(std::uint64_t id, std::span<const float> vector) {
  if (vector.size() != params_.dim) {
    throw_error(ErrorCode::kDimensionMismatch, "content witness: expected dim " + std::to_string(params_.dim) +
                                                   ", got " + std::to_string(vector.size()));
  }
  data_.add_leaf_hash(content_vector_leaf(id, vector));
}

void ContentWitnessBuilder::add_rows(std::span<const std::uint64_t> ids, std::span<const float> rows,
                                     unsigned threads) {
  if (rows.size() != ids.size() * std::size_t{params_.dim}) {
    throw_error(ErrorCode::kDimensionMismatch, "content witness: " + std::to_string(ids.size()) + " ids of dim " +
                                                   std::to_string(params_.dim) + " need " +
                                                   std::to_string(ids.size() * std::size_t{params_.dim}) +
                                                   " floats, got " + std::to_string(rows.size()));
  }
  const std::size_t dim = params_.dim;
  std::vector<Hash> leaves(std::min(ids.size(), kLeafBatch));
  for (std::size_t begin = 0; begin < ids.size(); begin += kLeafBatch) {
    const std::size_t count = std::min(kLeafBatch, ids.size() - begin);
    parallel_for(count, threads, 1024, [&](std::size_t from, std::size_t to) {
      for (std::size_t i = from; i < to; ++i)
        leaves[i] = content_vector_leaf(ids[begin + i], rows.subspan((begin + i) * dim, dim));
    });
    for (std::size_t i = 0; i < count; ++i) data_.add_leaf_hash(leaves[i]);
  }
}

ContentWitness ContentWitnessBuilder::finish() const {
  ContentWitness w;
  w.params_hash = params_hash_;
  w.data_root = data_.root();
  w.count = data_.size();
  w.root = node_hash(w.params_hash, w.data_root);
  return w;
}

ContentWitness content_witness(const ContentParams& params, std::span<const std::uint64_t> ids,
                               std::span<const float> rows, unsigned threads) {
  ContentWitnessBuilder builder(params);
  builder.add_rows(ids, rows, threads);
  return builder.finish();
}

namespace {

std::string joined(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? std::string(separator) : "") + parts[i];
  return out;
}

// "dim 128 vs 96, bits 1 vs 4": each parameter that differs, expected first.
std::vector<std::string> differing_params(const ContentParams& e, const ContentParams& a) {
  std::vector<std::string> fields;
  if (e.dim != a.dim) fields.push_back("dim " + std::to_string(e.dim) + " vs " + std::to_string(a.dim));
  if (e.metric != a.metric) fields.push_back("metric " + e.metric + " vs " + a.metric);
  if (e.rotation_kind != a.rotation_kind)
    fields.push_back("rotation kind " + e.rotation_kind + " vs " + a.rotation_kind);
  if (e.rotation_seed != a.rotation_seed) {
    fields.push_back("rotation seed " + std::to_string(e.rotation_seed) + " vs " + std::to_string(a.rotation_seed));
  }
  if (e.bits != a.bits) fields.push_back("bits " + std::to_string(e.bits) + " vs " + std::to_string(a.bits));
  if (e.generation != a.generation) {
    fields.push_back("generation " + generation_text(e.generation) + " vs " + generation_text(a.generation));
  }
  return fields;
}

// "parameters differ", naming the parameters when both sides' are known.
std::string params_difference(const ContentParams* expected_params, const ContentParams* actual_params) {
  std::string what = "parameters differ";
  if (expected_params == nullptr || actual_params == nullptr) return what;
  const std::vector<std::string> fields = differing_params(*expected_params, *actual_params);
  if (!fields.empty()) what += " (" + joined(fields, ", ") + ")";
  return what;
}

}  // namespace

void check_content_witness(const ContentWitness& expected, const ContentWitness& actual,
                           const ContentParams* expected_params, const ContentParams* actual_params) {
  std::vector<std::string> differences;
  if (expected.params_hash != actual.params_hash) {
    differences.push_back(params_difference(expected_params, actual_params));
  }
  if (expected.count != actual.count) {
    differences.push_back("vector count differs (expected " + std::to_string(expected.count) + ", got " +
                          std::to_string(actual.count) + ")");
  } else if (expected.data_root != actual.data_root) {
    differences.push_back("vector data differs (ids or values; data root " + to_hex(actual.data_root) + ", expected " +
                          to_hex(expected.data_root) + ")");
  }
  if (differences.empty() && expected.root != actual.root) differences.emplace_back("witness root differs");
  if (differences.empty()) return;
  throw_error(ErrorCode::kWitnessMismatch, "content witness mismatch: " + joined(differences, "; "));
}

}  // namespace ruvector::witness
