// Where the native HTTP engine finds CA certificates (native/http/ca_lookup.hpp), on made-up machines:
// the order users expect from OpenSSL tools, explicit variables never silently skipped, and a
// message that lists what was tried when nothing exists.
#include <catch2/catch.hpp>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "ca_lookup.hpp"
#include "ruvector/core/error.hpp"

namespace http = ruvector::http;

namespace {

struct FakeMachine {
  std::map<std::string, std::string> environment;
  std::set<std::string> files;
  std::set<std::string> directories;
  std::string certifi;

  [[nodiscard]] http::CaEnvironment env() const {
    http::CaEnvironment e;
    e.getenv = [this](const char* name) -> std::optional<std::string> {
      const auto it = environment.find(name);
      if (it == environment.end() || it->second.empty()) return std::nullopt;
      return it->second;
    };
    e.is_file = [this](const std::string& p) { return files.contains(p); };
    e.is_directory = [this](const std::string& p) { return directories.contains(p); };
    e.fallback_bundle = certifi;
    return e;
  }
};

std::string found_path(const FakeMachine& m) {
  const auto where = http::find_ca_location(m.env());
  REQUIRE(where.has_value());
  return where->path + (where->is_directory ? "/ (" : " (") + where->origin + ")";
}

}  // namespace

TEST_CASE("CA lookup follows SSL_CERT_FILE, SSL_CERT_DIR, system bundles, directories, certifi", "[http]") {
  FakeMachine m;
  m.certifi = "/venv/certifi/cacert.pem";
  m.files = {"/venv/certifi/cacert.pem", "/etc/ssl/cert.pem", "/etc/pki/tls/certs/ca-bundle.crt", "/my/ca.pem"};
  m.directories = {"/etc/ssl/certs", "/my/cas"};
  // Fedora's bundle comes before Alpine's path, and any bundle before a directory.
  CHECK(found_path(m) == "/etc/pki/tls/certs/ca-bundle.crt (system bundle)");
  m.environment["SSL_CERT_DIR"] = "/my/cas";
  CHECK(found_path(m) == "/my/cas/ (SSL_CERT_DIR)");
  m.environment["SSL_CERT_FILE"] = "/my/ca.pem";
  CHECK(found_path(m) == "/my/ca.pem (SSL_CERT_FILE)");
  m.environment["SSL_CERT_FILE"] = "";  // empty counts as unset, as in OpenSSL
  m.environment.erase("SSL_CERT_DIR");
  m.files.erase("/etc/pki/tls/certs/ca-bundle.crt");
  CHECK(found_path(m) == "/etc/ssl/cert.pem (system bundle)");
  m.files.erase("/etc/ssl/cert.pem");
  CHECK(found_path(m) == "/etc/ssl/certs/ (system directory)");
  m.directories.erase("/etc/ssl/certs");
  CHECK(found_path(m) == "/venv/certifi/cacert.pem (certifi)");
}

TEST_CASE("CA lookup refuses a set variable that names nothing instead of falling through", "[http]") {
  FakeMachine m;
  m.files = {"/etc/ssl/certs/ca-certificates.crt"};
  m.environment["SSL_CERT_FILE"] = "/gone.pem";
  CHECK_THROWS_MATCHES(http::find_ca_location(m.env()), ruvector::Error,
                       Catch::Matchers::Message("SSL_CERT_FILE is set to '/gone.pem', which is not a readable file"));
  m.environment = {{"SSL_CERT_DIR", "/etc/ssl/certs/ca-certificates.crt"}};  // a file, not a directory
  CHECK_THROWS_WITH(http::find_ca_location(m.env()), Catch::Matchers::Contains("SSL_CERT_DIR is set to"));
}

TEST_CASE("no CA anywhere: nullopt, and the message lists every place tried", "[http]") {
  FakeMachine m;
  CHECK_FALSE(http::find_ca_location(m.env()).has_value());
  const std::string message = http::ca_not_found_message(m.env());
  for (const char* tried :
       {"SSL_CERT_FILE", "SSL_CERT_DIR", "/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt",
        "/etc/ssl/ca-bundle.pem", "/etc/ssl/cert.pem", "/etc/ssl/certs,", "certifi is not installed", "ca_file"})
    CHECK_THAT(message, Catch::Matchers::Contains(tried));
  m.certifi = "/venv/certifi/cacert.pem";  // registered, but deleted since
  CHECK_THAT(http::ca_not_found_message(m.env()),
             Catch::Matchers::Contains("certifi's bundle /venv/certifi/cacert.pem is missing"));
}
