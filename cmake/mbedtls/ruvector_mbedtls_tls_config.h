/* mbedtls 2.28 configuration of the native build: a TLS 1.2 client for the vendored libcurl
 * (native/http, cmake/curl.cmake) on top of what P-256 signature verification needs
 * (ruvector_mbedtls_config.h, which wasm uses alone). Selected by cmake/crypto_deps.cmake.
 *
 * Client only, TLS 1.2 only (2.28's TLS 1.3 is experimental): ECDHE key exchange with ECDSA or RSA
 * certificates, AES-GCM and ChaCha20-Poly1305, the curves servers offer (X25519, P-256, P-384,
 * P-521), X.509 chains with RSA (PKCS#1 v1.5 and PSS) and ECDSA signatures, PEM CA bundles and CA
 * directories read from files, entropy from the OS (getrandom or /dev/urandom).
 * Portable C as before (no MBEDTLS_HAVE_ASM / AES-NI): HTTP bodies of an A2A client are small.
 */
#ifndef RUVECTOR_MBEDTLS_TLS_CONFIG_H
#define RUVECTOR_MBEDTLS_TLS_CONFIG_H

#define MBEDTLS_HAVE_TIME
#define MBEDTLS_HAVE_TIME_DATE /* certificate validity periods */
#define MBEDTLS_FS_IO          /* CA bundle files and directories */

#define MBEDTLS_ENTROPY_C
#define MBEDTLS_CTR_DRBG_C
#define MBEDTLS_MD_C
#define MBEDTLS_SHA1_C   /* signatures of older CA certificates */
#define MBEDTLS_SHA256_C
#define MBEDTLS_SHA512_C /* SHA-384 suites and signatures */
#define MBEDTLS_CIPHER_C
#define MBEDTLS_AES_C
#define MBEDTLS_GCM_C
#define MBEDTLS_CHACHA20_C
#define MBEDTLS_POLY1305_C
#define MBEDTLS_CHACHAPOLY_C

#define MBEDTLS_RSA_C
#define MBEDTLS_PKCS1_V15
#define MBEDTLS_PKCS1_V21
#define MBEDTLS_PK_C
#define MBEDTLS_PK_PARSE_C
#define MBEDTLS_PK_WRITE_C /* libcurl links the pinned-public-key check */
#define MBEDTLS_OID_C
#define MBEDTLS_BASE64_C
#define MBEDTLS_PEM_PARSE_C
#define MBEDTLS_X509_USE_C
#define MBEDTLS_X509_CRT_PARSE_C
#define MBEDTLS_X509_CRL_PARSE_C /* libcurl's mbedtls backend always links the CRL calls */
#define MBEDTLS_X509_CHECK_KEY_USAGE
#define MBEDTLS_X509_CHECK_EXTENDED_KEY_USAGE

#define MBEDTLS_ECDH_C
#define MBEDTLS_ECP_DP_SECP384R1_ENABLED
#define MBEDTLS_ECP_DP_SECP521R1_ENABLED
#define MBEDTLS_ECP_DP_CURVE25519_ENABLED
#define MBEDTLS_KEY_EXCHANGE_ECDHE_ECDSA_ENABLED
#define MBEDTLS_KEY_EXCHANGE_ECDHE_RSA_ENABLED

#define MBEDTLS_SSL_TLS_C
#define MBEDTLS_SSL_CLI_C
#define MBEDTLS_SSL_PROTO_TLS1_2
#define MBEDTLS_SSL_SERVER_NAME_INDICATION
#define MBEDTLS_SSL_ALPN
#define MBEDTLS_SSL_EXTENDED_MASTER_SECRET
#define MBEDTLS_SSL_ENCRYPT_THEN_MAC
#define MBEDTLS_SSL_KEEP_PEER_CERTIFICATE
#define MBEDTLS_SSL_SESSION_TICKETS

#define MBEDTLS_ERROR_C   /* libcurl's error messages name the mbedtls error */
#define MBEDTLS_VERSION_C /* curl_version() names the TLS library */

#include "ruvector_mbedtls_config.h" /* bignum, P-256, ECDSA; includes check_config.h */

#endif /* RUVECTOR_MBEDTLS_TLS_CONFIG_H */
