// A lake's defaults are the index's, reported once by the core (defaults_json, which the bindings'
// Lake.defaults() return) and used by a lake built without options: the index it primes has them.
#include <boost/json.hpp>

#include <catch2/catch.hpp>
#include <string>

#include "error_of.hpp"
#include "normal_values.hpp"
#include "ruvector/lake/lake.hpp"
#include "ruvector/lake/local_backend.hpp"
#include "ruvector/rabitq/params.hpp"
#include "ruvector/rabitq/rabitq_index.hpp"

using namespace ruvector;        // NOLINT(google-build-using-namespace)
using namespace ruvector::lake;  // NOLINT(google-build-using-namespace)
using ruvector::test::message_of;

namespace {

boost::json::object parsed(const std::string& json) {
  return boost::json::parse(json).as_object();
}

}  // namespace

TEST_CASE("lake options: the defaults are the index's build defaults", "[lake][lake_options]") {
  const auto lake_defaults = parsed(defaults_json());
  const auto index_defaults = parsed(rabitq::defaults_json());
  CHECK(lake_defaults.at("rotation_seed").to_number<double>() == index_defaults.at("seed").to_number<double>());
  CHECK(lake_defaults.at("rerank_factor").to_number<double>() ==
        index_defaults.at("rerank_factor").to_number<double>());
  CHECK(lake_defaults.at("bits") == index_defaults.at("bits"));
  CHECK(lake_defaults.at("metric") == index_defaults.at("metric"));
  CHECK(lake_defaults.at("store") == index_defaults.at("store"));
  CHECK(lake_defaults.at("consistency") == "fresh");
  CHECK(lake_defaults.at("max_entries").to_number<double>() == 0);  // unbounded
  CHECK(lake_defaults.size() == 10);
}

TEST_CASE("lake options: a lake reports the options it was given", "[lake][lake_options]") {
  LakeOptions options;
  options.consistency = Consistency::eventual(250);
  options.rerank_factor = 7;
  options.rotation_seed = 0xFFFF'FFFF'FFFF'FFF1ULL;  // beyond 2^53: kept exact
  options.metric = Metric::kCosine;
  options.bits = 4;
  options.store = rabitq::VectorStore::kF16;
  options.limits = {3, 1U << 20U};
  options.threads = 2;
  const Lake lake(options);
  const auto reported = parsed(options_json(lake.options()));
  CHECK(reported.at("consistency") == "eventual");
  CHECK(reported.at("ttl_ms").to_number<std::uint64_t>() == 250);
  CHECK(reported.at("rerank_factor").to_number<std::uint64_t>() == 7);
  CHECK(reported.at("rotation_seed").to_number<std::uint64_t>() == 0xFFFF'FFFF'FFFF'FFF1ULL);
  CHECK(reported.at("metric") == "cosine");
  CHECK(reported.at("bits").to_number<int>() == 4);
  CHECK(reported.at("store") == "f16");
  CHECK(reported.at("max_entries").to_number<std::uint64_t>() == 3);
  CHECK(reported.at("max_bytes").to_number<std::uint64_t>() == 1U << 20U);
  CHECK(reported.at("threads").to_number<unsigned>() == 2);
  CHECK(options_json(Lake{}.options()) == defaults_json());
}

TEST_CASE("lake options: a default lake primes its indexes with the defaults", "[lake][lake_options]") {
  const auto defaults = parsed(defaults_json());
  auto backend = std::make_shared<LocalBackend>("mem");
  const std::size_t n = 64;
  const std::size_t dim = 8;
  std::vector<std::uint64_t> ids(n);
  for (std::size_t i = 0; i < n; ++i) ids[i] = i;
  backend->put_collection("docs", dim, ids, test::normal_values(n * dim, 3));
  Lake lake;
  lake.register_backend(backend);
  const BundleBytes bundle = lake.bundle_bytes({"mem", "docs"}, true);
  const auto index = rabitq::RabitqIndex::deserialize(bundle.index);
  CHECK(index.seed() == defaults.at("rotation_seed").to_number<std::uint64_t>());
  CHECK(index.default_rerank_factor() == defaults.at("rerank_factor").to_number<double>());
  CHECK(index.bits() == defaults.at("bits").to_number<int>());
  CHECK(metric_name(index.metric()) == defaults.at("metric").as_string());
  CHECK(rabitq::store_name(index.store()) == defaults.at("store").as_string());
}

TEST_CASE("lake options: out-of-range options get the index's messages", "[lake][lake_options]") {
  LakeOptions bits;
  bits.bits = 9;
  CHECK(message_of([&] { (void)Lake{bits}; }) == message_of([] { (void)rabitq::checked_bits(9); }));
  LakeOptions rerank;
  rerank.rerank_factor = 0;
  CHECK(message_of([&] { (void)Lake{rerank}; }) == message_of([] { (void)rabitq::checked_rerank_factor(0.0, false); }));
  CHECK_FALSE(message_of([&] { (void)Lake{rerank}; }).empty());
}
