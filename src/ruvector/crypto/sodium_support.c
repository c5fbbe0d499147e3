/* The libsodium utility functions that Ed25519 verification and SHA-2 call. libsodium keeps
 * them in sodium/utils.c next to its guarded allocator, which would drag in randombytes and
 * sodium_init; these definitions keep the vendored subset self-contained. Same contracts as
 * libsodium's: constant time in the length only, never in the contents. */
#define _DEFAULT_SOURCE /* getentropy */
#include <stddef.h>
#include <stdlib.h>
#include <unistd.h>

#include "randombytes.h"
#include "utils.h"

/* Key generation's randomness, straight from the OS (getrandom natively, crypto.getRandomValues
 * under emscripten) instead of libsodium's pluggable generators. getentropy serves at most 256
 * bytes per call; a failure leaves no safe fallback, so it aborts rather than return weak keys. */
void randombytes_buf(void* const buf, const size_t size) {
  unsigned char* p = (unsigned char*)buf;
  size_t left = size;
  while (left > 0) {
    const size_t chunk = left < 256 ? left : 256;
    if (getentropy(p, chunk) != 0) abort();
    p += chunk;
    left -= chunk;
  }
}

void sodium_memzero(void* const pnt, const size_t len) {
  /* volatile: the compiler may not drop stores to memory that is about to be freed. */
  volatile unsigned char* p = (volatile unsigned char*)pnt;
  for (size_t i = 0; i < len; i++) p[i] = 0U;
}

int sodium_memcmp(const void* const b1_, const void* const b2_, size_t len) {
  const volatile unsigned char* b1 = (const volatile unsigned char*)b1_;
  const volatile unsigned char* b2 = (const volatile unsigned char*)b2_;
  unsigned char diff = 0U;
  for (size_t i = 0; i < len; i++) diff |= (unsigned char)(b1[i] ^ b2[i]);
  /* 0 if equal, -1 otherwise, without a data-dependent branch. */
  return (int)((1U & ((diff - 1U) >> 8)) - 1U);
}

int sodium_is_zero(const unsigned char* n, const size_t nlen) {
  const volatile unsigned char* p = (const volatile unsigned char*)n;
  unsigned char d = 0U;
  for (size_t i = 0; i < nlen; i++) d |= p[i];
  return (int)(1U & ((d - 1U) >> 8));
}
