# libsodium 1.0.18 (Ed25519, SHA-256/512) and mbedtls 2.28 (P-256 ECDSA) compiled from the files of
# Debian's source packages committed under vendor/ (scripts/vendor_sources). Built as static, PIC
# libraries for both targets, so the wheel has no run-time dependency on a system crypto library
# and wasm runs the very same C code as native. Only the files the verifiers need are compiled.
#
# Third-party code is compiled without the project's warning flags (-w): its warnings are not ours
# to fix and must not fail -Werror builds.
set(_sodium ${PROJECT_SOURCE_DIR}/vendor/libsodium/src/libsodium)
set(_mbedtls ${PROJECT_SOURCE_DIR}/vendor/mbedtls)

# Options for third-party C only: replaces (not extends) the directory-wide warning flags.
function(_ruvector_third_party_c target)
  set_target_properties(${target} PROPERTIES
    C_STANDARD 99 C_EXTENSIONS ON POSITION_INDEPENDENT_CODE ON C_VISIBILITY_PRESET hidden
    COMPILE_OPTIONS "-w")
  if(EMSCRIPTEN)
    target_compile_options(${target} PRIVATE -msimd128)
  endif()
endfunction()

# ---- libsodium ----------------------------------------------------------------------------------
# No configure step: CONFIGURED=1 says "the HAVE_* macros below are all there is". Both targets are
# little-endian; no HAVE_TI_MODE, so native uses the same 25.5-bit field arithmetic as wasm.
set(_sodium_gen ${CMAKE_CURRENT_BINARY_DIR}/sodium-gen)
set(VERSION 1.0.18)
set(SODIUM_LIBRARY_VERSION_MAJOR 10)
set(SODIUM_LIBRARY_VERSION_MINOR 3)
set(SODIUM_LIBRARY_MINIMAL_DEF "")
configure_file(${_sodium}/include/sodium/version.h.in ${_sodium_gen}/sodium/version.h @ONLY)
add_library(ruvector_sodium STATIC
  ${_sodium}/crypto_sign/ed25519/ref10/open.c
  ${_sodium}/crypto_sign/ed25519/ref10/sign.c  # signing (checkpoints) + the hash prefix helper open.c uses
  ${_sodium}/crypto_sign/ed25519/ref10/keypair.c  # public key from a seed (signer keys)
  ${_sodium}/crypto_core/ed25519/ref10/ed25519_ref10.c
  ${_sodium}/crypto_hash/sha256/cp/hash_sha256_cp.c
  ${_sodium}/crypto_hash/sha512/cp/hash_sha512_cp.c
  ${_sodium}/crypto_verify/sodium/verify.c
)
_ruvector_third_party_c(ruvector_sodium)
target_compile_definitions(ruvector_sodium
  PRIVATE CONFIGURED=1 NATIVE_LITTLE_ENDIAN=1
  PUBLIC SODIUM_STATIC=1)
target_include_directories(ruvector_sodium
  PRIVATE ${_sodium}/include/sodium
  SYSTEM PUBLIC ${_sodium_gen} ${_sodium}/include/sodium ${_sodium}/include)

# ---- mbedtls --------------------------------------------------------------------------------------
# Our own configuration (cmake/mbedtls/): bignum + P-256 + ECDSA verify, portable C (no
# MBEDTLS_HAVE_ASM), so native and wasm run the same code. A native build with the HTTP transport
# also needs a TLS client for the vendored libcurl (cmake/curl.cmake): one mbedtls configured for
# both, since two configurations of the same library cannot share one extension module.
if(RUVECTOR_HTTP AND NOT EMSCRIPTEN)
  set(_mbedtls_config ruvector_mbedtls_tls_config.h)
else()
  set(_mbedtls_config ruvector_mbedtls_config.h)
endif()
add_library(ruvector_mbedcrypto STATIC
  ${_mbedtls}/library/asn1parse.c
  ${_mbedtls}/library/asn1write.c
  ${_mbedtls}/library/bignum.c
  ${_mbedtls}/library/constant_time.c
  ${_mbedtls}/library/ecdsa.c
  ${_mbedtls}/library/ecp.c
  ${_mbedtls}/library/ecp_curves.c
  ${_mbedtls}/library/platform_util.c
)
_ruvector_third_party_c(ruvector_mbedcrypto)
target_compile_definitions(ruvector_mbedcrypto PUBLIC MBEDTLS_CONFIG_FILE="${_mbedtls_config}")
target_include_directories(ruvector_mbedcrypto
  PRIVATE ${_mbedtls}/library
  SYSTEM PUBLIC ${PROJECT_SOURCE_DIR}/cmake/mbedtls ${_mbedtls}/include)

# The rest of the TLS client (record layer, handshake, X.509, ciphers, hashes, DRBG); libcurl's
# MbedTLS lookup takes this for mbedtls and mbedx509 and ruvector_mbedcrypto for mbedcrypto.
if(RUVECTOR_HTTP AND NOT EMSCRIPTEN)
  add_library(ruvector_mbedtls STATIC
    ${_mbedtls}/library/aes.c
    ${_mbedtls}/library/base64.c
    ${_mbedtls}/library/chacha20.c
    ${_mbedtls}/library/chachapoly.c
    ${_mbedtls}/library/cipher.c
    ${_mbedtls}/library/cipher_wrap.c
    ${_mbedtls}/library/ctr_drbg.c
    ${_mbedtls}/library/ecdh.c
    ${_mbedtls}/library/entropy.c
    ${_mbedtls}/library/entropy_poll.c
    ${_mbedtls}/library/error.c
    ${_mbedtls}/library/gcm.c
    ${_mbedtls}/library/md.c
    ${_mbedtls}/library/oid.c
    ${_mbedtls}/library/pem.c
    ${_mbedtls}/library/pk.c
    ${_mbedtls}/library/pk_wrap.c
    ${_mbedtls}/library/pkparse.c
    ${_mbedtls}/library/pkwrite.c
    ${_mbedtls}/library/poly1305.c
    ${_mbedtls}/library/rsa.c
    ${_mbedtls}/library/rsa_internal.c
    ${_mbedtls}/library/sha1.c
    ${_mbedtls}/library/sha256.c
    ${_mbedtls}/library/sha512.c
    ${_mbedtls}/library/ssl_ciphersuites.c
    ${_mbedtls}/library/ssl_cli.c
    ${_mbedtls}/library/ssl_msg.c
    ${_mbedtls}/library/ssl_tls.c
    ${_mbedtls}/library/version.c
    ${_mbedtls}/library/x509.c
    ${_mbedtls}/library/x509_crl.c
    ${_mbedtls}/library/x509_crt.c
  )
  _ruvector_third_party_c(ruvector_mbedtls)
  target_include_directories(ruvector_mbedtls PRIVATE ${_mbedtls}/library)
  target_link_libraries(ruvector_mbedtls PUBLIC ruvector_mbedcrypto)
endif()
