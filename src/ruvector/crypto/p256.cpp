#include <mbedtls/bignum.h>
#include <mbedtls/ecdsa.h>
#include <mbedtls/ecp.h>

#include "ruvector/crypto/crypto.hpp"
#include "ruvector/crypto/length_check.hpp"

namespace ruvector::crypto {
namespace {

// Owns the mbedtls structures of one verification (they hold heap limbs).
struct EcdsaP256 {
  mbedtls_ecp_group group{};
  mbedtls_ecp_point q{};
  mbedtls_mpi r{};
  mbedtls_mpi s{};

  EcdsaP256() {
    mbedtls_ecp_group_init(&group);
    mbedtls_ecp_point_init(&q);
    mbedtls_mpi_init(&r);
    mbedtls_mpi_init(&s);
  }
  ~EcdsaP256() {
    mbedtls_mpi_free(&s);
    mbedtls_mpi_free(&r);
    mbedtls_ecp_point_free(&q);
    mbedtls_ecp_group_free(&group);
  }
  EcdsaP256(const EcdsaP256&) = delete;
  EcdsaP256& operator=(const EcdsaP256&) = delete;
  EcdsaP256(EcdsaP256&&) = delete;
  EcdsaP256& operator=(EcdsaP256&&) = delete;
};

}  // namespace

bool p256_ecdsa_sha256_verify(Bytes x, Bytes y, Bytes message, Bytes signature) {
  detail::require_length("P-256 public key x", x, kP256CoordinateBytes);
  detail::require_length("P-256 public key y", y, kP256CoordinateBytes);
  detail::require_length("ES256 signature", signature, kP256SignatureBytes);
  const Sha256Digest digest = sha256(message);

  EcdsaP256 ctx;
  const Bytes r_bytes = signature.first(kP256CoordinateBytes);
  const Bytes s_bytes = signature.last(kP256CoordinateBytes);
  // Every mbedtls call returns 0 on success; a non-zero code (allocation failure, x or y >= p, a
  // point off the curve, r or s outside [1, n-1], a mismatch) means "not a valid signature".
  if (mbedtls_ecp_group_load(&ctx.group, MBEDTLS_ECP_DP_SECP256R1) != 0) return false;
  if (mbedtls_mpi_read_binary(&ctx.q.X, x.data(), x.size()) != 0) return false;
  if (mbedtls_mpi_read_binary(&ctx.q.Y, y.data(), y.size()) != 0) return false;
  if (mbedtls_mpi_lset(&ctx.q.Z, 1) != 0) return false;
  // ecdsa_verify checks r and s; the public point is checked here (on the curve, coordinates < p,
  // not the point at infinity), which mbedtls_ecdsa_verify alone does not do.
  if (mbedtls_ecp_check_pubkey(&ctx.group, &ctx.q) != 0) return false;
  if (mbedtls_mpi_read_binary(&ctx.r, r_bytes.data(), r_bytes.size()) != 0) return false;
  if (mbedtls_mpi_read_binary(&ctx.s, s_bytes.data(), s_bytes.size()) != 0) return false;
  return mbedtls_ecdsa_verify(&ctx.group, digest.data(), digest.size(), &ctx.q, &ctx.r, &ctx.s) == 0;
}

}  // namespace ruvector::crypto
