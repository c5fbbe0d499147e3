// Published bundles as bytes (warm_from_bytes, backends that serve bundles) and the questions a
// binding with asynchronous backends asks first (check_due, needs_pull). Every target: no files.
#include <catch2/catch.hpp>
#include <string>

#include "error_of.hpp"
#include "normal_values.hpp"
#include "ruvector/lake/lake.hpp"
#include "ruvector/lake/local_backend.hpp"
#include "ruvector/lake/sidecar.hpp"

using namespace ruvector;        // NOLINT(google-build-using-namespace)
using namespace ruvector::lake;  // NOLINT(google-build-using-namespace)
using ruvector::test::code_of;
using ruvector::test::message_of;
using ruvector::test::normal_values;

namespace {

constexpr std::size_t kDim = 16;
constexpr std::size_t kRows = 200;

std::vector<std::uint64_t> big_ids(std::size_t n) {
  std::vector<std::uint64_t> ids(n);
  for (std::size_t i = 0; i < n; ++i) ids[i] = ~std::uint64_t{0} - 3 * i;  // near 2^64
  return ids;
}

LakeOptions single_thread(Consistency consistency = Consistency::fresh()) {
  LakeOptions options;
  options.consistency = consistency;
  options.threads = 1;
  return options;
}

std::vector<std::uint8_t> bytes_of(const std::string& text) {
  return {text.begin(), text.end()};
}

// What a publisher lake writes for `generation`: the sidecar and index.rvq, as bytes.
BundleBytes published(std::uint64_t generation, unsigned data_seed, const LakeOptions& options = single_thread()) {
  rabitq::BuildParams params;
  params.seed = options.rotation_seed;
  params.rerank_factor = static_cast<double>(options.rerank_factor);
  params.threads = 1;
  const auto index = rabitq::RabitqIndex::build(normal_values(kRows * kDim, data_seed), kDim, big_ids(kRows), params);
  BundleDescriptor descriptor{"https://example.test/bundles/docs", kDim, options.rotation_seed, options.rerank_factor,
                              generation};
  return {bytes_of(sidecar_to_json(make_sidecar(descriptor))),
          index.serialize(),
          "https://example.test/bundles/docs",
          {},
          {}};
}

// Serves published bundles, as an HTTP bundle backend does: rows are never pulled.
class BundleServer final : public Backend {
 public:
  [[nodiscard]] std::string id() const override { return "http"; }
  [[nodiscard]] std::vector<std::string> list_collections() const override { return {"docs"}; }
  [[nodiscard]] PulledBatch pull(const std::string& /*collection*/) const override {
    throw Error(ErrorCode::kInvalidInput, "a bundle backend was asked for rows");
  }
  [[nodiscard]] Generation generation(const std::string& /*collection*/) const override { return generation_; }
  [[nodiscard]] std::size_t dimension(const std::string& /*collection*/) const override { return kDim; }
  [[nodiscard]] std::string data_ref(const std::string& /*collection*/) const override {
    return "https://example.test/bundles/docs";
  }
  [[nodiscard]] std::optional<BundleBytes> pull_bundle(const std::string& /*collection*/) const override {
    ++bundle_pulls;
    return published(generation_, static_cast<unsigned>(generation_));
  }
  void publish(std::uint64_t generation) { generation_ = generation; }
  mutable int bundle_pulls = 0;

 private:
  std::uint64_t generation_ = 1;
};

}  // namespace

TEST_CASE("lake warm_from_bytes: installs a published bundle without a rebuild, ids near 2^64 intact", "[lake]") {
  Lake lake(single_thread(Consistency::frozen()));
  lake.register_backend(std::make_shared<LocalBackend>("mem"));
  const BundleBytes bundle = published(7, 1);
  const CollectionKey key{"mem", "docs"};
  CHECK(lake.warm_from_bytes(key, bundle) == kRows);
  CHECK(lake.stats().warm_installs == 1);
  CHECK(lake.stats().primes == 0);
  const auto query = normal_values(kDim, 99);
  const SearchResults r = lake.search(key, query, 5);
  const auto direct = rabitq::RabitqIndex::deserialize(bundle.index).search(query, 5);
  CHECK(r.ids == direct.ids);
  CHECK(r.ids[0] > (std::uint64_t{1} << 63U));
  CHECK(lake.witness_of(key) == parse_sidecar(std::string(bundle.sidecar.begin(), bundle.sidecar.end())).rvf_witness);
}

TEST_CASE("lake warm_from_bytes: a forged sidecar or other parameters are refused, naming the bundle", "[lake]") {
  Lake lake(single_thread());
  const CollectionKey key{"mem", "docs"};
  BundleBytes forged = published(7, 1);
  std::string json(forged.sidecar.begin(), forged.sidecar.end());
  json.replace(json.find("\"generation\": 7"), 15, "\"generation\": 8");
  forged.sidecar = bytes_of(json);
  CHECK(code_of([&] { (void)lake.warm_from_bytes(key, forged); }) == ErrorCode::kWitnessMismatch);

  LakeOptions other_rerank = single_thread();
  other_rerank.rerank_factor = 5;
  const std::string message = message_of([&] { (void)lake.warm_from_bytes(key, published(7, 1, other_rerank)); });
  CHECK(message == "bundle 'https://example.test/bundles/docs' has rerank_factor 5, this lake uses 20");

  BundleBytes truncated = published(7, 1);
  truncated.index.resize(truncated.index.size() / 2);
  CHECK(code_of([&] { (void)lake.warm_from_bytes(key, truncated); }) == ErrorCode::kPersistError);
  CHECK(lake.entry_count() == 0);
}

TEST_CASE("lake: a backend serving bundles is installed, not pulled, and re-installed per generation", "[lake]") {
  Lake lake(single_thread());
  auto server = std::make_shared<BundleServer>();
  lake.register_backend(server);
  const CollectionKey key{"http", "docs"};
  const auto query = normal_values(kDim, 5);
  const SearchResults first = lake.search(key, query, 3);
  CHECK(first.ids[0] > (std::uint64_t{1} << 63U));
  (void)lake.search(key, query, 3);
  CHECK(server->bundle_pulls == 1);
  CHECK(lake.stats().warm_installs == 1);
  CHECK(lake.stats().primes == 0);
  CHECK(lake.stats().hits == 1);

  server->publish(2);
  (void)lake.search(key, query, 3);
  CHECK(server->bundle_pulls == 2);
  CHECK(lake.stats().warm_installs == 2);
  CHECK(lake.entry_count() == 1);  // the generation-1 entry went with its last pointer
}

TEST_CASE("lake check_due / needs_pull follow the consistency mode and the cache", "[lake]") {
  auto mem = std::make_shared<LocalBackend>("mem");
  mem->put_collection("docs", kDim, big_ids(kRows), normal_values(kRows * kDim, 3));
  const CollectionKey key{"mem", "docs"};

  Lake frozen(single_thread(Consistency::frozen()));
  frozen.register_backend(mem);
  CHECK(frozen.check_due(key, false));  // nothing cached: the first search asks
  CHECK(frozen.needs_pull(key));
  frozen.prime(key);
  CHECK_FALSE(frozen.check_due(key, false));
  CHECK(frozen.check_due(key, true));  // prime / refresh always ask
  CHECK_FALSE(frozen.needs_pull(key));
  mem->append("docs", std::vector<std::uint64_t>{12345}, normal_values(kDim, 4));
  CHECK(frozen.needs_pull(key));  // the backend moved

  Lake fresh(single_thread());
  fresh.register_backend(mem);
  fresh.prime(key);
  CHECK(fresh.check_due(key, false));  // fresh asks before every search
  CHECK_FALSE(fresh.needs_pull(key));

  Lake eventual(single_thread(Consistency::eventual(60'000)));
  eventual.register_backend(mem);
  eventual.prime(key);
  CHECK_FALSE(eventual.check_due(key, false));
  eventual.set_consistency(key, Consistency::eventual(0));
  CHECK(eventual.check_due(key, false));
}

TEST_CASE("lake bundle_bytes: what one lake publishes another installs, with the same answers", "[lake]") {
  auto mem = std::make_shared<LocalBackend>("mem");
  mem->put_collection("docs", kDim, big_ids(kRows), normal_values(kRows * kDim, 8));
  Lake publisher(single_thread());
  publisher.register_backend(mem);
  const CollectionKey key{"mem", "docs"};
  CHECK(message_of([&] { (void)publisher.bundle_bytes(key, false); }) == "collection 'mem/docs' is not primed");
  const BundleBytes bundle = publisher.bundle_bytes(key, true);  // primes
  CHECK(publisher.stats().primes == 1);
  const BundleBytes snapshot = publisher.bundle_bytes(key, false);
  CHECK(snapshot.sidecar == bundle.sidecar);
  CHECK(snapshot.index == bundle.index);

  Lake reader(single_thread(Consistency::frozen()));
  CHECK(reader.warm_from_bytes({"copy", "docs"}, bundle) == kRows);
  const auto query = normal_values(2 * kDim, 77);
  CHECK(reader.search({"copy", "docs"}, query, 4).ids == publisher.search(key, query, 4).ids);
  CHECK(reader.witness_of({"copy", "docs"}) == publisher.witness_of(key));
}
