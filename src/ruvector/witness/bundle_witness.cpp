#include "ruvector/witness/bundle_witness.hpp"

#include <string_view>

#include "ruvector/crypto/keccak.hpp"
#include "ruvector/witness/generation_bytes.hpp"
#include "ruvector/witness/hex.hpp"

namespace ruvector::witness {
namespace {

constexpr std::string_view kDomainTag = "rulake-bundle-witness-v1|";

}  // namespace

std::vector<std::uint8_t> bundle_witness_preimage(std::string_view data_ref, std::uint64_t dim,
                                                  std::uint64_t rotation_seed, std::uint64_t rerank_factor,
                                                  const Generation& generation) {
  std::vector<std::uint8_t> out;
  out.reserve(kDomainTag.size() + 8 + data_ref.size() + 1 + 24 + 1 + 8 + 9);
  append_bytes(out, crypto::as_bytes(kDomainTag));
  append_u64le(out, data_ref.size());
  append_bytes(out, crypto::as_bytes(data_ref));
  out.push_back('|');
  append_u64le(out, dim);
  append_u64le(out, rotation_seed);
  append_u64le(out, rerank_factor);
  out.push_back('|');
  append_generation(out, generation);
  return out;
}

Digest bundle_witness(std::string_view data_ref, std::uint64_t dim, std::uint64_t rotation_seed,
                      std::uint64_t rerank_factor, const Generation& generation) {
  const std::vector<std::uint8_t> preimage =
      bundle_witness_preimage(data_ref, dim, rotation_seed, rerank_factor, generation);
  Digest out{};
  crypto::shake256(preimage, out);
  return out;
}

std::string bundle_witness_hex(std::string_view data_ref, std::uint64_t dim, std::uint64_t rotation_seed,
                               std::uint64_t rerank_factor, const Generation& generation) {
  return to_hex(bundle_witness(data_ref, dim, rotation_seed, rerank_factor, generation));
}

}  // namespace ruvector::witness
