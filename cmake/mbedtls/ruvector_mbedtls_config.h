/* mbedtls 2.28 configuration for ruvector: only what P-256 ECDSA signature verification needs
 * (src/ruvector/crypto/p256.cpp). Selected with -DMBEDTLS_CONFIG_FILE; see cmake/crypto_deps.cmake.
 *
 * No MBEDTLS_HAVE_ASM: portable C bignum arithmetic, identical on x86-64 and wasm32.
 * MBEDTLS_ECP_NO_INTERNAL_RNG: verification handles only public values, so the side-channel
 * blinding that would need a DRBG (and an entropy source in wasm) buys nothing here.
 */
#ifndef RUVECTOR_MBEDTLS_CONFIG_H
#define RUVECTOR_MBEDTLS_CONFIG_H

#define MBEDTLS_BIGNUM_C
#define MBEDTLS_ECP_C
#define MBEDTLS_ECP_DP_SECP256R1_ENABLED
#define MBEDTLS_ECP_NIST_OPTIM
#define MBEDTLS_ECP_NO_INTERNAL_RNG
#define MBEDTLS_ECDSA_C
#define MBEDTLS_ASN1_PARSE_C  /* required by MBEDTLS_ECDSA_C (DER signatures, unused here) */
#define MBEDTLS_ASN1_WRITE_C

#include "mbedtls/check_config.h"

#endif /* RUVECTOR_MBEDTLS_CONFIG_H */
