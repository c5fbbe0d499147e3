# libcurl 7.88.1 (vendor/curl, Debian's source package with its security patches) built with its own
# CMake as a static, PIC library with hidden symbols over the vendored Mbed TLS (cmake/crypto_deps.cmake):
# HTTP/1.1 and HTTPS only, no compression, IDN, PSL, SSH, LDAP or HTTP/2. The wheel then needs no
# system libcurl, OpenSSL or GnuTLS (issue 12: those keep a wheel off manylinux). Defines `libcurl`.
#
# curl's options are set as forced cache entries: its CMakeLists (policies of CMake 3.16) reads some
# of them through set(... CACHE), which ignores a normal variable, and resets CURL_CA_BUNDLE/PATH
# to "auto" on every configure that does not force them.
function(_ruvector_curl_option name value)
  set(${name} ${value} CACHE INTERNAL "ruvector: vendored libcurl (cmake/curl.cmake)" FORCE)
endfunction()

foreach(off BUILD_SHARED_LIBS BUILD_CURL_EXE CURL_ENABLE_EXPORT_TARGET PICKY_COMPILER ENABLE_MANUAL
            CURL_ZLIB CURL_BROTLI CURL_ZSTD USE_LIBIDN2 CURL_USE_LIBPSL CURL_USE_LIBSSH2 CURL_USE_LIBSSH
            CURL_USE_GSSAPI USE_NGHTTP2 USE_NGTCP2 USE_QUICHE ENABLE_ARES CURL_USE_OPENSSL
            CURL_HIDDEN_SYMBOLS CURL_LTO CURL_CA_FALLBACK
            # what an A2A client never asks for: cookies, alt-svc, HSTS files, DoH, netrc, MIME posts,
            # digest/NTLM auth, the progress meter and option introspection
            CURL_DISABLE_COOKIES CURL_DISABLE_ALTSVC CURL_DISABLE_HSTS CURL_DISABLE_DOH CURL_DISABLE_NETRC
            CURL_DISABLE_MIME CURL_DISABLE_CRYPTO_AUTH CURL_DISABLE_NTLM CURL_DISABLE_PROGRESS_METER
            CURL_DISABLE_GETOPTIONS)
  if(off MATCHES "^CURL_DISABLE_")
    _ruvector_curl_option(${off} ON)
  else()
    _ruvector_curl_option(${off} OFF)
  endif()
endforeach()
foreach(on HTTP_ONLY CURL_ENABLE_SSL CURL_USE_MBEDTLS CURL_DISABLE_TESTS)
  _ruvector_curl_option(${on} ON)
endforeach()
# No CA location compiled in: the transport finds one at run time (native/http, CA lookup), since
# the machine that builds a wheel is not the one that runs it.
_ruvector_curl_option(CURL_CA_BUNDLE none)
_ruvector_curl_option(CURL_CA_PATH none)
# curl's FindMbedTLS: a preset result skips the search; these are our targets, not files.
_ruvector_curl_option(MBEDTLS_INCLUDE_DIRS ${PROJECT_SOURCE_DIR}/vendor/mbedtls/include)
_ruvector_curl_option(MBEDTLS_LIBRARY ruvector_mbedtls)
_ruvector_curl_option(MBEDX509_LIBRARY ruvector_mbedtls)
_ruvector_curl_option(MBEDCRYPTO_LIBRARY ruvector_mbedcrypto)

add_subdirectory(${PROJECT_SOURCE_DIR}/vendor/curl ${CMAKE_BINARY_DIR}/vendor-curl EXCLUDE_FROM_ALL SYSTEM)
# Third-party code: no project warning flags (they would fail -Werror builds), hidden symbols so the
# extension module exports nothing of libcurl.
set_target_properties(libcurl PROPERTIES
  POSITION_INDEPENDENT_CODE ON C_VISIBILITY_PRESET hidden COMPILE_OPTIONS "-w")
