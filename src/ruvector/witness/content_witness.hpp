// Content witness v2: binds the vectors, their ids and the index parameters, which the upstream
// bundle witness does not. Byte layout (docs/lake.md, "Content witness v2"):
//   params leaf  = SHA-256(0x00 || "ruvector-content-witness-v2\0" || u32le(dim) || u8(len) metric
//                  || u8(len) rotation_kind || u64le(rotation_seed) || u32le(bits)
//                  || u64le(len(G)) || G)              G: the bundle witness's generation encoding
//   vector leaf  = SHA-256(0x00 || u64le(id) || dim x f32le)   (the stored float32 bytes)
//   data root    = RFC 9162 MTH over the vector leaves in storage order (SHA-256() when empty)
//   root         = SHA-256(0x01 || params leaf || data root)
// Builders stream: memory is O(log n) whatever the number of vectors (plus a fixed 512 KB batch of
// leaf hashes when add_rows hashes in parallel).
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "ruvector/crypto/crypto.hpp"
#include "ruvector/witness/bundle_witness.hpp"
#include "ruvector/witness/merkle.hpp"

namespace ruvector::witness {

struct ContentParams {
  std::uint32_t dim = 0;
  std::string metric;         // "l2" | "ip" | "cosine"
  std::string rotation_kind;  // e.g. "hadamard", "dense"
  std::uint64_t rotation_seed = 0;
  std::uint32_t bits = 1;
  Generation generation = std::uint64_t{0};
};

struct ContentWitness {
  Hash params_hash{};  // the params leaf
  Hash data_root{};
  std::uint64_t count = 0;  // vectors hashed
  Hash root{};
  [[nodiscard]] std::string root_hex() const;
};

Hash content_params_hash(const ContentParams& params);
// The vector leaf of the layout above (the data root's leaves, for callers that hash in parallel).
Hash content_vector_leaf(std::uint64_t id, std::span<const float> vector) noexcept;

class ContentWitnessBuilder {
 public:
  explicit ContentWitnessBuilder(ContentParams params);
  // One vector of `dim` floats; throws DimensionMismatch on a wrong length.
  void add(std::uint64_t id, std::span<const float> vector);
  // Many rows at once: ids.size() rows of dim floats, row-major. The leaf hashes are computed on up
  // to `threads` threads (0 = all cores; always 1 in wasm), the root is the same for any count.
  void add_rows(std::span<const std::uint64_t> ids, std::span<const float> rows, unsigned threads = 0);
  [[nodiscard]] ContentWitness finish() const;
  [[nodiscard]] const ContentParams& params() const noexcept { return params_; }

 private:
  ContentParams params_;
  Hash params_hash_;
  StreamingMerkleRoot data_;
  std::vector<std::uint8_t> scratch_;
};

ContentWitness content_witness(const ContentParams& params, std::span<const std::uint64_t> ids,
                               std::span<const float> rows, unsigned threads = 0);

// Throws WitnessMismatch naming what differs: the parameters (and which ones, when `expected_params`
// is given), the vector count, or the vector data (ids or values); nothing if they agree.
void check_content_witness(const ContentWitness& expected, const ContentWitness& actual,
                           const ContentParams* expected_params = nullptr,
                           const ContentParams* actual_params = nullptr);

}  // namespace ruvector::witness
