// Bundle sidecars against upstream's own files, and the lake's publish / warm restart / refresh.
#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <limits>
#include <string>

#include "error_of.hpp"
#include "golden.hpp"
#include "normal_values.hpp"
#include "ruvector/lake/lake.hpp"
#include "ruvector/lake/local_backend.hpp"
#include "ruvector/lake/sidecar.hpp"
#if !defined(__EMSCRIPTEN__)
#include <filesystem>

#include "ruvector/core/file_io.hpp"
#include "temp_dir.hpp"
#endif

using namespace ruvector;        // NOLINT(google-build-using-namespace)
using namespace ruvector::lake;  // NOLINT(google-build-using-namespace)
using ruvector::test::code_of;
using ruvector::test::message_of;
using ruvector::test::normal_values;
#if !defined(__EMSCRIPTEN__)
using ruvector::test::TempDir;
#endif

TEST_CASE("lake sidecar: reads upstream's files and writes them back byte for byte", "[lake]") {
  const auto& data = ruvector::test::golden_file("witness/upstream_bundle_witness.json");
  const auto& vectors = data.at("vectors").as_array();
  REQUIRE(vectors.size() >= 5);
  for (const auto& v : vectors) {
    const std::string upstream(v.at("bundle_json_upstream").as_string());
    INFO(upstream);
    const BundleSidecar sidecar = parse_sidecar(upstream);
    CHECK(sidecar.rvf_witness == v.at("witness_hex").as_string());
    CHECK(sidecar_to_json(sidecar) == upstream);
    CHECK(sidecar_to_json(make_sidecar(sidecar.bundle)).size() > 0);
  }
}

TEST_CASE("lake sidecar: tampering and hostile input", "[lake]") {
  BundleDescriptor bundle{"gs://bucket/x.parquet", 128, 42, 20, std::uint64_t{7}};
  const std::string good = sidecar_to_json(make_sidecar(bundle));
  CHECK(parse_sidecar(good).bundle.dim == 128);

  std::string other_dim = good;
  other_dim.replace(other_dim.find("128"), 3, "129");
  CHECK(code_of([&] { (void)parse_sidecar(other_dim); }) == ErrorCode::kWitnessMismatch);
  std::string other_generation = good;
  other_generation.replace(other_generation.find("\"generation\": 7"), 15, "\"generation\": \"7\"");
  CHECK(code_of([&] { (void)parse_sidecar(other_generation); }) == ErrorCode::kWitnessMismatch);

  for (std::size_t len = 0; len < good.size(); ++len) {
    INFO("truncated to " << len);
    CHECK(code_of([&] { (void)parse_sidecar(good.substr(0, len)); }) == ErrorCode::kPersistError);
  }
  CHECK(message_of([] { (void)parse_sidecar("[1]"); }).find("not a JSON object") != std::string::npos);
  CHECK(message_of([] { (void)parse_sidecar(R"({"format_version": 3})"); }).find("newer") != std::string::npos);
  CHECK(message_of([] { (void)parse_sidecar(R"({"format_version": 2, "data_ref": 5})"); }).find("'data_ref'") !=
        std::string::npos);
  CHECK(message_of([] {
          (void)parse_sidecar(R"({"format_version":2,"data_ref":"x","dim":-1})");
        }).find("non-negative") != std::string::npos);
  CHECK(code_of([] { (void)parse_sidecar(std::string(70'000, ' ')); }) == ErrorCode::kPersistError);
  CHECK(code_of([] { (void)parse_sidecar("[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]"); }) ==
        ErrorCode::kPersistError);
}

#if !defined(__EMSCRIPTEN__)
namespace {

LakeOptions one_thread(Consistency consistency = Consistency::fresh()) {
  LakeOptions options;
  options.consistency = consistency;
  options.threads = 1;
  return options;
}

}  // namespace

TEST_CASE("lake bundles: warm restart keeps 64-bit ids and answers like the cold lake", "[lake]") {
  TempDir dir;
  const std::size_t dim = 16;
  const std::size_t n = 300;
  const std::uint64_t top = std::numeric_limits<std::uint64_t>::max();
  std::vector<std::uint64_t> ids(n);
  for (std::size_t i = 0; i < n; ++i) ids[i] = top - 3 * i;  // all above 2^63, none fits 32 bits
  const auto vectors = normal_values(n * dim, 40);
  auto backend = std::make_shared<LocalBackend>("mem");
  backend->put_collection("docs", dim, ids, vectors);
  const CollectionKey key{"mem", "docs"};
  const auto queries = normal_values(8 * dim, 41);

  Lake cold(one_thread());
  cold.register_backend(backend);
  CHECK(code_of([&] { (void)cold.save_cache_to_dir(key, dir.path); }) == ErrorCode::kInvalidInput);  // not primed
  const SearchResults before = cold.search(key, queries, 10);
  const std::string sidecar_path = cold.save_cache_to_dir(key, dir.path);
  CHECK(sidecar_path == dir.path + "/table.rulake.json");
  CHECK(std::filesystem::exists(dir.path + "/index.rvq"));

  // A new process: no backend registered, nothing primed.
  Lake warm(one_thread(Consistency::frozen()));
  CHECK(warm.warm_from_dir(key, dir.path) == n);
  const SearchResults after = warm.search(key, queries, 10);
  CHECK(after.ids == before.ids);
  CHECK(after.distances == before.distances);
  const auto s = warm.stats();
  CHECK(s.primes == 0);
  CHECK(s.warm_installs == 1);
  CHECK(warm.witness_of(key) == cold.witness_of(key));

  // With the backend registered and Fresh, the warm entry is current: a hit, not a prime.
  Lake fresh(one_thread());
  fresh.register_backend(backend);
  (void)fresh.warm_from_dir(key, dir.path);
  (void)fresh.search(key, queries, 10);
  CHECK(fresh.stats().primes == 0);
  CHECK(fresh.stats().hits == 1);

  SECTION("a lake with other parameters refuses the snapshot") {
    LakeOptions other = one_thread();
    other.rotation_seed = 7;
    Lake mismatched(other);
    CHECK(message_of([&] { (void)mismatched.warm_from_dir(key, dir.path); }).find("rotation_seed 42") !=
          std::string::npos);
    LakeOptions ip = one_thread();
    ip.metric = Metric::kInnerProduct;
    Lake by_ip(ip);
    CHECK(message_of([&] { (void)by_ip.warm_from_dir(key, dir.path); }).find("metric l2") != std::string::npos);
  }
  SECTION("a corrupt index or a tampered sidecar is refused") {
    auto bytes = read_file(dir.path + "/index.rvq");
    bytes[bytes.size() / 2] ^= 1U;
    write_file_atomic(dir.path + "/index.rvq", bytes);
    Lake victim(one_thread());
    CHECK(code_of([&] { (void)victim.warm_from_dir(key, dir.path); }) == ErrorCode::kPersistError);
    auto sidecar = read_file(sidecar_path);
    std::string text(sidecar.begin(), sidecar.end());
    text.replace(text.find("\"dim\": 16"), 9, "\"dim\": 17");
    write_file_atomic(sidecar_path, std::span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
    CHECK(code_of([&] { (void)victim.warm_from_dir(key, dir.path); }) == ErrorCode::kWitnessMismatch);
  }
}

TEST_CASE("lake bundles: refresh_from_bundle_dir reports all four states", "[lake]") {
  TempDir dir;
  const std::size_t dim = 8;
  auto backend = std::make_shared<LocalBackend>("mem");
  std::vector<std::uint64_t> ids{1, 2, 3};
  backend->put_collection("docs", dim, ids, normal_values(3 * dim, 42));
  Lake lake(one_thread(Consistency::frozen()));
  lake.register_backend(backend);
  const CollectionKey key{"mem", "docs"};
  using R = Lake::RefreshResult;
  CHECK(lake.refresh_from_bundle_dir(key, dir.path + "/none") == R::kBundleMissing);
  const std::string v1 = dir.path + "/v1";
  (void)lake.publish_bundle(key, v1);  // primes on the way
  CHECK(lake.stats().primes == 1);
  CHECK(lake.refresh_from_bundle_dir(key, v1) == R::kUpToDate);

  Lake other(one_thread());
  other.register_backend(backend);
  CHECK(other.refresh_from_bundle_dir(key, v1) == R::kNotCached);  // upstream said UP_TO_DATE here

  const std::vector<std::uint64_t> more{4};
  backend->append("docs", more, normal_values(dim, 43));
  const std::string v2 = dir.path + "/v2";
  (void)other.publish_bundle(key, v2);
  CHECK(lake.refresh_from_bundle_dir(key, v2) == R::kInvalidated);  // Frozen, yet the operator can move it
  CHECK_FALSE(lake.witness_of(key).has_value());
  (void)lake.search(key, normal_values(dim, 44), 1);
  CHECK(lake.refresh_from_bundle_dir(key, v2) == R::kUpToDate);
}
#endif
