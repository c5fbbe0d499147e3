#include "ca_lookup.hpp"

#include <array>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <string_view>
#include <system_error>
#include <utility>

#include "ruvector/core/error.hpp"

namespace ruvector::http {
namespace {

// The bundle files distributions maintain (update-ca-certificates, update-ca-trust, ...).
constexpr std::array<std::string_view, 8> kSystemBundles = {
    "/etc/ssl/certs/ca-certificates.crt",                 // Debian, Ubuntu, Arch, Gentoo
    "/etc/pki/tls/certs/ca-bundle.crt",                   // Fedora, RHEL, CentOS
    "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",  // RHEL/CentOS 7+ (the file behind the above)
    "/etc/ssl/ca-bundle.pem",                             // openSUSE, SLES
    "/var/lib/ca-certificates/ca-bundle.pem",             // openSUSE, SLES (the file behind the above)
    "/etc/ssl/cert.pem",                                  // Alpine, OpenBSD, macOS
    "/usr/local/share/certs/ca-root-nss.crt",             // FreeBSD
    "/etc/pki/tls/cacert.pem",                            // OpenELEC
};
// Directories of one PEM file per CA, used when no bundle exists.
constexpr std::array<std::string_view, 2> kSystemDirectories = {"/etc/ssl/certs", "/etc/pki/tls/certs"};

std::mutex fallback_mutex;
std::string& fallback_bundle() {
  static std::string path;
  return path;
}

std::string joined(const auto& paths) {
  std::string out;
  for (const auto& p : paths) out += (out.empty() ? "" : ", ") + std::string(p);
  return out;
}

}  // namespace

std::optional<CaLocation> find_ca_location(const CaEnvironment& env) {
  if (const auto file = env.getenv("SSL_CERT_FILE")) {
    if (!env.is_file(*file))
      throw_error(ErrorCode::kTransportError, "SSL_CERT_FILE is set to '" + *file + "', which is not a readable file");
    return CaLocation{*file, false, "SSL_CERT_FILE"};
  }
  if (const auto dir = env.getenv("SSL_CERT_DIR")) {
    if (!env.is_directory(*dir))
      throw_error(ErrorCode::kTransportError, "SSL_CERT_DIR is set to '" + *dir + "', which is not a directory");
    return CaLocation{*dir, true, "SSL_CERT_DIR"};
  }
  for (const std::string_view bundle : kSystemBundles)
    if (env.is_file(std::string(bundle))) return CaLocation{std::string(bundle), false, "system bundle"};
  for (const std::string_view dir : kSystemDirectories)
    if (env.is_directory(std::string(dir))) return CaLocation{std::string(dir), true, "system directory"};
  if (!env.fallback_bundle.empty() && env.is_file(env.fallback_bundle))
    return CaLocation{env.fallback_bundle, false, "certifi"};
  return std::nullopt;
}

std::string ca_not_found_message(const CaEnvironment& env) {
  std::string fallback = env.fallback_bundle.empty() ? "certifi is not installed (pip install certifi)"
                                                     : "certifi's bundle " + env.fallback_bundle + " is missing";
  return "no CA certificates found to verify TLS peers: SSL_CERT_FILE and SSL_CERT_DIR are unset, none of " +
         joined(kSystemBundles) + " is a file, none of " + joined(kSystemDirectories) + " is a directory, and " +
         fallback +
         ". Install your system's CA certificates (Debian/Ubuntu: ca-certificates), set SSL_CERT_FILE, "
         "or pass ca_file";
}

CaEnvironment process_ca_environment() {
  CaEnvironment env;
  env.getenv = [](const char* name) -> std::optional<std::string> {
    const char* value = std::getenv(name);  // NOLINT(concurrency-mt-unsafe): read on the calling thread only
    if (value == nullptr || *value == '\0') return std::nullopt;
    return std::string(value);
  };
  env.is_file = [](const std::string& path) {
    std::error_code ec;
    return std::filesystem::is_regular_file(path, ec);  // follows symlinks, as the bundles often are
  };
  env.is_directory = [](const std::string& path) {
    std::error_code ec;
    return std::filesystem::is_directory(path, ec);
  };
  const std::scoped_lock lock(fallback_mutex);
  env.fallback_bundle = fallback_bundle();
  return env;
}

void set_fallback_ca_bundle(std::string path) {
  const std::scoped_lock lock(fallback_mutex);
  fallback_bundle() = std::move(path);
}

}  // namespace ruvector::http
