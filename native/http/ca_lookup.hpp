// Where the certificates that verify a TLS peer come from when a request names no CA file: the
// places users expect from OpenSSL-based tools, in their order. The environment and the file system
// are parameters so that tests can give any machine's layout.
#pragma once

#include <functional>
#include <optional>
#include <string>

namespace ruvector::http {

struct CaLocation {
  std::string path;
  bool is_directory = false;  // a directory of PEM files (CURLOPT_CAPATH) instead of one bundle
  std::string origin;         // for messages: "SSL_CERT_FILE", "system bundle", "certifi", ...
};

struct CaEnvironment {
  std::function<std::optional<std::string>(const char* name)> getenv;  // unset or empty: nullopt
  std::function<bool(const std::string& path)> is_file;
  std::function<bool(const std::string& path)> is_directory;
  std::string fallback_bundle;  // certifi's cacert.pem when the Python ring found it; "" = none
};

// SSL_CERT_FILE, then SSL_CERT_DIR (a variable that is set must name an existing file or directory:
// TransportError otherwise, never a silent fall-through), then the first system bundle that exists
// (Debian/Ubuntu/Arch, Fedora/RHEL, openSUSE/SLES, Alpine, FreeBSD), then a system directory, then
// the fallback bundle. nullopt when nothing exists; ca_not_found_message() then says what was tried.
std::optional<CaLocation> find_ca_location(const CaEnvironment& env);
std::string ca_not_found_message(const CaEnvironment& env);

// This process: the real environment and file system, and the fallback set below.
CaEnvironment process_ca_environment();
// The bundle used when no system one exists (the Python ring passes certifi.where() at import).
void set_fallback_ca_bundle(std::string path);

}  // namespace ruvector::http
