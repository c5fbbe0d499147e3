// ruLake core: cache counters (upstream's transitions), consistency modes, LRU limits, single-flight
// priming under concurrency, and the federated merge against one index over the union.
#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <condition_variable>
#include <future>
#include <limits>
#include <random>
#include <set>
#include <thread>
#include <vector>

#include "error_of.hpp"
#include "normal_values.hpp"
#include "ruvector/flat/flat_index.hpp"
#include "ruvector/lake/federation.hpp"
#include "ruvector/lake/lake.hpp"
#include "ruvector/lake/local_backend.hpp"
#include "ruvector/witness/bundle_witness.hpp"

using namespace ruvector;        // NOLINT(google-build-using-namespace)
using namespace ruvector::lake;  // NOLINT(google-build-using-namespace)
using ruvector::test::code_of;
using ruvector::test::message_of;
using ruvector::test::normal_values;

namespace {

std::vector<std::uint64_t> iota_ids(std::size_t n, std::uint64_t first = 0) {
  std::vector<std::uint64_t> ids(n);
  for (std::size_t i = 0; i < n; ++i) ids[i] = first + i;
  return ids;
}

std::shared_ptr<LocalBackend> local_with(const std::string& id, const std::string& collection, std::size_t n,
                                         std::size_t dim, unsigned seed, std::uint64_t first_id = 0) {
  auto backend = std::make_shared<LocalBackend>(id);
  backend->put_collection(collection, dim, iota_ids(n, first_id), normal_values(n * dim, seed));
  return backend;
}

LakeOptions options_with(Consistency consistency) {
  LakeOptions options;
  options.consistency = consistency;
  options.threads = 1;
  return options;
}

// Serves another backend's data under its own id but the same data_ref: the same bytes reached
// two ways, which must share one cache entry.
class AliasBackend final : public Backend {
 public:
  AliasBackend(std::string id, std::shared_ptr<Backend> inner) : id_(std::move(id)), inner_(std::move(inner)) {}
  [[nodiscard]] std::string id() const override { return id_; }
  [[nodiscard]] std::vector<std::string> list_collections() const override { return inner_->list_collections(); }
  [[nodiscard]] PulledBatch pull(const std::string& c) const override { return inner_->pull(c); }
  [[nodiscard]] Generation generation(const std::string& c) const override { return inner_->generation(c); }
  [[nodiscard]] std::string data_ref(const std::string& c) const override { return inner_->data_ref(c); }

 private:
  std::string id_;
  std::shared_ptr<Backend> inner_;
};

// Puts row r of (ids, vectors) into collection "part<r % ways>" of one LocalBackend "mem".
std::vector<CollectionKey> split_round_robin(Lake& lake, std::size_t ways, const std::vector<std::uint64_t>& ids,
                                             const std::vector<float>& vectors, std::size_t dim) {
  auto backend = std::make_shared<LocalBackend>("mem");
  std::vector<CollectionKey> targets;
  for (std::size_t s = 0; s < ways; ++s) {
    std::vector<std::uint64_t> part_ids;
    std::vector<float> part;
    for (std::size_t row = s; row < ids.size(); row += ways) {
      part_ids.push_back(ids[row]);
      part.insert(part.end(), vectors.begin() + static_cast<std::ptrdiff_t>(row * dim),
                  vectors.begin() + static_cast<std::ptrdiff_t>((row + 1) * dim));
    }
    backend->put_collection("part" + std::to_string(s), dim, part_ids, part);
    targets.push_back({"mem", "part" + std::to_string(s)});
  }
  lake.register_backend(backend);
  return targets;
}

}  // namespace

TEST_CASE("lake: first search primes, the next hits, a generation bump re-primes", "[lake]") {
  const std::size_t dim = 8;
  auto backend = local_with("mem", "docs", 50, dim, 1);
  Lake lake(options_with(Consistency::fresh()));
  lake.register_backend(backend);
  const CollectionKey key{"mem", "docs"};
  const auto q = normal_values(dim, 99);

  auto r1 = lake.search(key, q, 3);
  CHECK(r1.k == 3);
  auto s = lake.stats();
  CHECK(s.primes == 1);
  CHECK(s.misses == 1);
  CHECK(s.hits == 0);
  CHECK(s.last_prime_ms >= 0.0);
  CHECK(s.total_prime_ms == s.last_prime_ms);

  (void)lake.search(key, q, 3);
  s = lake.stats();
  CHECK(s.primes == 1);
  CHECK(s.hits == 1);
  const auto witness_before = lake.witness_of(key);
  REQUIRE(witness_before.has_value());
  // The cache key is upstream's bundle witness of what the backend holds.
  CHECK(*witness_before == witness::bundle_witness_hex("local://mem/docs", dim, 42, 20, backend->generation("docs")));

  // A new vector equal to the query must be found after the bump: the cache re-primed.
  const std::vector<std::uint64_t> new_id{4242};
  backend->append("docs", new_id, q);
  auto r2 = lake.search(key, q, 1);
  CHECK(r2.ids[0] == 4242);
  s = lake.stats();
  CHECK(s.primes == 2);
  CHECK(s.misses == 2);
  CHECK(s.invalidations == 1);  // the old entry had no pointer left
  CHECK(lake.entry_count() == 1);
  CHECK(lake.witness_of(key) != witness_before);
}

TEST_CASE("lake: a batch of queries is one coherence check", "[lake]") {
  const std::size_t dim = 8;
  Lake lake(options_with(Consistency::fresh()));
  lake.register_backend(local_with("mem", "docs", 40, dim, 2));
  const auto queries = normal_values(5 * dim, 3);
  const auto r = lake.search({"mem", "docs"}, queries, 4);
  CHECK(r.queries == 5);
  const auto s = lake.stats();
  CHECK(s.hits + s.misses == 1);
}

TEST_CASE("lake: two keys with the same witness share one entry", "[lake]") {
  const std::size_t dim = 8;
  auto inner = local_with("a", "docs", 30, dim, 4);
  Lake lake(options_with(Consistency::fresh()));
  lake.register_backend(inner);
  lake.register_backend(std::make_shared<AliasBackend>("b", inner));
  const auto q = normal_values(dim, 5);
  const auto ra = lake.search({"a", "docs"}, q, 5);
  const auto rb = lake.search({"b", "docs"}, q, 5);
  CHECK(ra.ids == rb.ids);
  const auto s = lake.stats();
  CHECK(s.primes == 1);
  CHECK(s.shared_hits == 1);
  CHECK(lake.entry_count() == 1);
  const auto wa = lake.witness_of({"a", "docs"});
  CHECK(wa == lake.witness_of({"b", "docs"}));
  CHECK(lake.refcount_of(*wa) == 2);
  CHECK(lake.stats_by_backend().at("b").shared_hits == 1);
  CHECK(lake.stats_by_backend().at("a").shared_hits == 0);

  // Dropping one pointer keeps the entry for the other; dropping both frees it.
  CHECK(lake.invalidate({"a", "docs"}));
  CHECK(lake.entry_count() == 1);
  CHECK(lake.refcount_of(*wa) == 1);
  CHECK(lake.invalidate({"b", "docs"}));
  CHECK(lake.entry_count() == 0);
  CHECK_FALSE(lake.invalidate({"b", "docs"}));
}

TEST_CASE("lake: keys of one witness share an entry only when built in the same partition", "[lake]") {
  // Enough rows for several lists (one list below kFlatBelow: every partition of it is the same).
  const std::size_t dim = 4;
  const std::size_t n = 24000;
  auto inner = local_with("a", "docs", n, dim, 40);
  Lake lake(options_with(Consistency::frozen()));
  lake.register_backend(inner);
  lake.register_backend(std::make_shared<AliasBackend>("b", inner));
  const std::vector<float> rows = normal_values(n * dim, 40);
  const auto union_partition = std::make_shared<const rabitq::RabitqIndex>(lake.train_partition(rows, dim));
  const auto other_partition = std::make_shared<const rabitq::RabitqIndex>(
      lake.train_partition(std::span<const float>(rows).first(20000 * dim), dim));
  const CollectionKey a{"a", "docs"};
  const CollectionKey b{"b", "docs"};
  const auto q = normal_values(dim, 41);
  lake.set_partition(a, union_partition);
  (void)lake.search(a, q, 5);
  // b builds in its own partition: a's index (another partition's lists) must not serve it.
  (void)lake.search(b, q, 5);
  CHECK(lake.stats().primes == 2);
  CHECK(lake.stats().shared_hits == 0);
  CHECK(lake.entry_count() == 2);
  CHECK(lake.witness_of(a) == lake.witness_of(b));
  CHECK_FALSE(lake.needs_pull(b));
  // In a's partition (an equal copy: bindings copy what they are given), b shares a's entry; its
  // own goes with its last pointer.
  lake.set_partition(b, std::make_shared<const rabitq::RabitqIndex>(union_partition->empty_copy()));
  CHECK(lake.entry_count() == 1);
  CHECK_FALSE(lake.needs_pull(b));
  (void)lake.search(b, q, 5);
  CHECK(lake.stats().primes == 2);
  CHECK(lake.stats().shared_hits == 1);
  CHECK(lake.refcount_of(*lake.witness_of(a)) == 2);
  // Another partition object: built again, and a warm install of a's bundle under b is refused
  // rather than shared (the bundle's lists are the union partition's).
  lake.set_partition(b, other_partition);
  CHECK(lake.needs_pull(b));
  (void)lake.search(b, q, 5);
  CHECK(lake.stats().primes == 3);
  CHECK(lake.entry_count() == 2);
  const BundleBytes built_in_union = lake.bundle_bytes(a, false);
  REQUIRE_FALSE(union_partition->same_partition(*other_partition));  // fewer rows: fewer lists
  CHECK(message_of([&] { (void)lake.warm_from_bytes(b, built_in_union); }).find("another partition") !=
        std::string::npos);
  // Without partitions both keys share one entry again.
  lake.set_partition(a, nullptr);
  lake.set_partition(b, nullptr);
  (void)lake.search(a, q, 5);
  (void)lake.search(b, q, 5);
  CHECK(lake.entry_count() == 1);
  CHECK(lake.stats().shared_hits == 2);
}

TEST_CASE("lake: LRU over unpinned entries caps max_entries", "[lake]") {
  const std::size_t dim = 8;
  LakeOptions options = options_with(Consistency::fresh());
  options.limits.max_entries = 2;
  Lake lake(options);
  for (const char* id : {"a", "b", "c"}) lake.register_backend(local_with(id, "docs", 20, dim, 6));
  const auto q = normal_values(dim, 7);

  SECTION("the least recently used entry goes; searching it again re-primes") {
    (void)lake.search({"a", "docs"}, q, 1);
    (void)lake.search({"b", "docs"}, q, 1);
    (void)lake.search({"a", "docs"}, q, 1);  // b is now the least recently used
    (void)lake.search({"c", "docs"}, q, 1);
    CHECK(lake.entry_count() == 2);
    CHECK_FALSE(lake.witness_of({"b", "docs"}).has_value());
    CHECK(lake.witness_of({"a", "docs"}).has_value());
    CHECK(lake.stats_by_backend().at("b").invalidations == 1);
    (void)lake.search({"b", "docs"}, q, 1);
    CHECK(lake.stats().primes == 4);
    CHECK(lake.entry_count() == 2);
  }
  SECTION("a pinned key is never the victim") {
    lake.pin({"a", "docs"});
    (void)lake.search({"a", "docs"}, q, 1);
    (void)lake.search({"b", "docs"}, q, 1);
    (void)lake.search({"c", "docs"}, q, 1);
    CHECK(lake.entry_count() == 2);
    CHECK(lake.witness_of({"a", "docs"}).has_value());
    CHECK_FALSE(lake.witness_of({"b", "docs"}).has_value());
  }
}

TEST_CASE("lake: max_bytes keeps the cache within its byte budget", "[lake]") {
  const std::size_t dim = 16;
  Lake probe(options_with(Consistency::fresh()));
  probe.register_backend(local_with("a", "docs", 200, dim, 8));
  (void)probe.search({"a", "docs"}, normal_values(dim, 9), 1);
  const std::size_t one_entry = probe.cache_bytes();
  REQUIRE(one_entry > 0);

  LakeOptions options = options_with(Consistency::fresh());
  options.limits.max_bytes = one_entry + one_entry / 2;  // room for one entry, not two
  Lake lake(options);
  lake.register_backend(local_with("a", "docs", 200, dim, 8));
  lake.register_backend(local_with("b", "docs", 200, dim, 10));
  (void)lake.search({"a", "docs"}, normal_values(dim, 9), 1);
  (void)lake.search({"b", "docs"}, normal_values(dim, 9), 1);
  CHECK(lake.entry_count() == 1);
  CHECK(lake.cache_bytes() <= options.limits.max_bytes);
  CHECK(lake.witness_of({"b", "docs"}).has_value());
}

TEST_CASE("lake: Frozen never re-primes on its own; an explicit refresh still does", "[lake]") {
  const std::size_t dim = 8;
  auto backend = local_with("audit", "snap", 10, dim, 11);
  Lake lake(options_with(Consistency::frozen()));
  lake.register_backend(backend);
  const CollectionKey key{"audit", "snap"};
  const auto q = normal_values(dim, 12);
  (void)lake.search(key, q, 1);
  const std::vector<std::uint64_t> id{99};
  backend->append("snap", id, q);
  for (int i = 0; i < 10; ++i) CHECK(lake.search(key, q, 1).ids[0] != 99);
  auto s = lake.stats();
  CHECK(s.primes == 1);
  CHECK(s.hits == 10);
  CHECK(lake.refresh(key));
  CHECK(lake.stats().primes == 2);
  CHECK(lake.search(key, q, 1).ids[0] == 99);
  CHECK_FALSE(lake.refresh(key));  // nothing moved since
  CHECK(lake.stats().primes == 2);
}

TEST_CASE("lake: Eventual trusts the cache within the ttl; per-collection overrides", "[lake]") {
  const std::size_t dim = 8;
  auto backend = local_with("mem", "docs", 10, dim, 13);
  Lake lake(options_with(Consistency::eventual(3'600'000)));
  lake.register_backend(backend);
  const CollectionKey key{"mem", "docs"};
  const auto q = normal_values(dim, 14);
  (void)lake.search(key, q, 1);
  const std::vector<std::uint64_t> id{77};
  backend->append("docs", id, q);
  CHECK(lake.search(key, q, 1).ids[0] != 77);  // within the hour-long ttl: no check
  CHECK(lake.stats().primes == 1);

  lake.set_consistency(key, Consistency::eventual(0));  // a zero ttl checks every time
  CHECK(lake.consistency_of(key) == Consistency::eventual(0));
  CHECK(lake.search(key, q, 1).ids[0] == 77);
  CHECK(lake.stats().primes == 2);
  CHECK(lake.consistency_of({"mem", "other"}) == Consistency::eventual(3'600'000));
}

TEST_CASE("lake: consistency names", "[lake]") {
  CHECK(parse_consistency("fresh") == Consistency::fresh());
  CHECK(parse_consistency("eventual", 500) == Consistency::eventual(500));
  CHECK(parse_consistency("frozen") == Consistency::frozen());
  CHECK(consistency_name(Consistency::eventual(5)) == "eventual");
  CHECK(message_of([] { (void)parse_consistency("sometimes"); }).find("'sometimes'") != std::string::npos);
}

TEST_CASE("lake: counters are attributed per backend and per collection", "[lake]") {
  const std::size_t dim = 8;
  auto hot = local_with("hot", "x", 20, dim, 15);
  hot->put_collection("y", dim, iota_ids(5), normal_values(5 * dim, 16));
  Lake lake(options_with(Consistency::fresh()));
  lake.register_backend(hot);
  lake.register_backend(local_with("cold", "x", 20, dim, 17));
  const auto q = normal_values(dim, 18);
  for (int i = 0; i < 5; ++i) (void)lake.search({"hot", "x"}, q, 1);
  (void)lake.search({"hot", "y"}, q, 1);
  (void)lake.search({"cold", "x"}, q, 1);
  const auto by_backend = lake.stats_by_backend();
  CHECK(by_backend.at("hot").hits == 4);
  CHECK(by_backend.at("hot").primes == 2);
  CHECK(by_backend.at("cold").hits == 0);
  CHECK(by_backend.at("cold").primes == 1);
  const auto by_collection = lake.stats_by_collection();
  CHECK(by_collection.at({"hot", "x"}).hits == 4);
  CHECK(by_collection.at({"hot", "y"}).misses == 1);
  CHECK(lake.stats().primes == 3);
}

TEST_CASE("lake: errors name the offending values", "[lake]") {
  const std::size_t dim = 8;
  Lake lake(options_with(Consistency::fresh()));
  lake.register_backend(local_with("mem", "docs", 10, dim, 19));
  const auto q = normal_values(dim, 20);
  CHECK(code_of([&] { lake.register_backend(std::make_shared<LocalBackend>("mem")); }) == ErrorCode::kInvalidInput);
  CHECK(message_of([&] { (void)lake.search({"nope", "docs"}, q, 1); }).find("'nope'") != std::string::npos);
  CHECK(message_of([&] { (void)lake.search({"mem", "missing"}, q, 1); }).find("'missing'") != std::string::npos);
  CHECK(code_of([&] { (void)lake.search({"mem", "docs"}, normal_values(6, 1), 1); }) == ErrorCode::kDimensionMismatch);
  CHECK(code_of([&] { (void)lake.search({"mem", "docs"}, q, 0); }) == ErrorCode::kInvalidInput);
  CHECK(code_of([&] { (void)lake.search_federated({}, q, 1); }) == ErrorCode::kInvalidInput);

  auto empty = std::make_shared<LocalBackend>("empty");
  empty->put_collection("none", dim, {}, {});
  lake.register_backend(empty);
  CHECK(code_of([&] { (void)lake.search({"empty", "none"}, q, 1); }) == ErrorCode::kEmptyIndex);
  // A failed prime leaves nothing behind: the next search tries again and fails the same way.
  CHECK(code_of([&] { (void)lake.search({"empty", "none"}, q, 1); }) == ErrorCode::kEmptyIndex);
  CHECK(lake.stats_by_backend().at("empty").primes == 0);
}

TEST_CASE("lake: a hostile backend's batch is refused, not trusted", "[lake]") {
  class Liar final : public Backend {
   public:
    [[nodiscard]] std::string id() const override { return "liar"; }
    [[nodiscard]] std::vector<std::string> list_collections() const override { return {"c"}; }
    [[nodiscard]] PulledBatch pull(const std::string&) const override {
      return PulledBatch{{1, 2, 3}, std::vector<float>(8, 0.5F), 4, std::uint64_t{1}};  // 3 ids, 2 rows
    }
    [[nodiscard]] Generation generation(const std::string&) const override { return std::uint64_t{1}; }
  };
  Lake lake(options_with(Consistency::fresh()));
  lake.register_backend(std::make_shared<Liar>());
  CHECK(code_of([&] { (void)lake.search({"liar", "c"}, std::vector<float>(4, 0.0F), 1); }) ==
        ErrorCode::kDimensionMismatch);
}

TEST_CASE("lake: ids keep their full 64 bits", "[lake]") {
  const std::size_t dim = 8;
  const std::uint64_t top = std::numeric_limits<std::uint64_t>::max();
  auto backend = std::make_shared<LocalBackend>("mem");
  const std::vector<std::uint64_t> ids{top, top - 1, (1ULL << 32U) + 5, 0};
  auto vectors = normal_values(4 * dim, 21);
  backend->put_collection("big", dim, ids, vectors);
  Lake lake(options_with(Consistency::fresh()));
  lake.register_backend(backend);
  for (std::size_t row = 0; row < ids.size(); ++row) {
    const std::span<const float> q(vectors.data() + row * dim, dim);
    CHECK(lake.search({"mem", "big"}, q, 1).ids[0] == ids[row]);
  }
}

TEST_CASE("lake: LocalBackend validates writes and keeps generations unique", "[lake]") {
  LocalBackend backend("mem");
  const std::vector<float> two_rows(16, 1.0F);
  const std::vector<std::uint64_t> dup{1, 1};
  CHECK(message_of([&] { backend.put_collection("c", 8, dup, two_rows); }).find("duplicate id 1") != std::string::npos);
  const std::vector<std::uint64_t> ids{1, 2};
  backend.put_collection("c", 8, ids, two_rows);
  CHECK(code_of([&] { backend.append("c", ids, two_rows); }) == ErrorCode::kInvalidInput);
  CHECK(code_of([&] { backend.append("c", std::vector<std::uint64_t>{3}, std::vector<float>(7, 0.0F)); }) ==
        ErrorCode::kDimensionMismatch);
  const Generation g1 = backend.generation("c");
  const std::vector<std::uint64_t> gone{2, 5};
  CHECK(backend.delete_ids("c", gone) == 1);
  CHECK(backend.pull("c").ids == std::vector<std::uint64_t>{1});
  const Generation g2 = backend.generation("c");
  CHECK(g2 != g1);
  CHECK(backend.drop_collection("c"));
  backend.put_collection("c", 8, ids, two_rows);
  CHECK(backend.generation("c") != g1);  // re-created: never an old generation again
  CHECK(backend.generation("c") != g2);
}

TEST_CASE("lake: merge orders by distance, then id, then target", "[lake]") {
  SearchResults a{1, 3, {5, 9, 2}, {0.5F, 1.0F, 2.0F}};
  SearchResults b{1, 2, {3, 7}, {1.0F, 1.0F}};
  const std::vector<SearchResults> shards{a, b};
  const FederatedResults m = merge_shard_results(shards, 4);
  CHECK(m.k == 4);
  CHECK(m.ids == std::vector<std::uint64_t>{5, 3, 7, 9});
  CHECK(m.shards == std::vector<std::uint32_t>{0, 1, 1, 0});
  CHECK(merge_shard_results(shards, 10).k == 5);
}

TEST_CASE("lake: federation over a 1/2/4-way split equals one index over the union", "[lake]") {
  const std::size_t n = 1200;
  const std::size_t dim = 16;
  const std::int64_t k = 10;
  auto vectors = normal_values(n * dim, 22);
  // Exact ties across shards: rows 0..9 repeated under new ids, so the merge must order by id.
  for (std::size_t row = 0; row < 10; ++row) {
    std::copy_n(vectors.begin() + static_cast<std::ptrdiff_t>(row * dim), dim,
                vectors.begin() + static_cast<std::ptrdiff_t>((n - 1 - row) * dim));
  }
  const auto ids = iota_ids(n, 1000);
  const auto queries = [&] {
    auto q = normal_values(20 * dim, 23);
    std::copy_n(vectors.begin(), dim, q.begin());  // one query sits on a tied pair
    return q;
  }();
  FlatIndex exact(dim, Metric::kL2);
  exact.add(vectors, ids);
  const SearchResults truth = exact.search(queries, k);

  for (const std::size_t ways : {1U, 2U, 4U}) {
    LakeOptions options = options_with(Consistency::fresh());
    options.rerank_factor = n;  // the budget allows: every candidate is reranked exactly
    Lake lake(options);
    const std::vector<CollectionKey> targets = split_round_robin(lake, ways, ids, vectors, dim);
    const FederatedResults got = lake.search_federated(targets, queries, k);
    INFO("ways = " << ways);
    CHECK(got.k == static_cast<std::size_t>(k));
    CHECK(got.ids == truth.ids);
    for (std::size_t i = 0; i < got.ids.size(); ++i) CHECK(got.distances[i] == Approx(truth.distances[i]));
  }
}

TEST_CASE("lake: federation recall is not below one index at the same per-query budget", "[lake]") {
  const std::size_t n = 4000;
  const std::size_t dim = 32;
  const std::int64_t k = 10;
  const std::size_t m = 100;
  const auto vectors = normal_values(n * dim, 24);
  const auto ids = iota_ids(n);
  const auto queries = normal_values(m * dim, 25);
  FlatIndex exact(dim, Metric::kL2);
  exact.add(vectors, ids);
  const SearchResults truth = exact.search(queries, k);
  auto recall = [&](const std::vector<std::uint64_t>& got) {
    std::size_t found = 0;
    for (std::size_t q = 0; q < m; ++q) {
      const std::set<std::uint64_t> want(truth.ids.begin() + static_cast<std::ptrdiff_t>(q * k),
                                         truth.ids.begin() + static_cast<std::ptrdiff_t>((q + 1) * k));
      for (std::int64_t j = 0; j < k; ++j) found += want.count(got[q * k + static_cast<std::size_t>(j)]);
    }
    return static_cast<double>(found) / static_cast<double>(m * static_cast<std::size_t>(k));
  };
  LakeOptions options = options_with(Consistency::fresh());
  options.rerank_factor = 2;  // a tight budget, where cutting it per shard would show
  double single = 0.0;
  for (const std::size_t ways : {1U, 2U, 4U}) {
    Lake lake(options);
    const std::vector<CollectionKey> targets = split_round_robin(lake, ways, ids, vectors, dim);
    const double r = recall(lake.search_federated(targets, queries, k).ids);
    INFO("ways = " << ways << ", recall " << r << ", single index " << single);
    if (ways == 1) {
      single = r;
      CHECK(r < 1.0);  // the budget really is tight
    } else {
      CHECK(r >= single);
    }
  }
}

#if !defined(__EMSCRIPTEN__)
TEST_CASE("lake: 8 threads of mixed queries prime at most once per generation", "[lake][concurrency]") {
  const std::size_t dim = 16;
  auto backend = local_with("mem", "a", 300, dim, 26);
  backend->put_collection("b", dim, iota_ids(200, 10'000), normal_values(200 * dim, 27));
  Lake lake(options_with(Consistency::fresh()));
  lake.register_backend(backend);
  const auto queries = normal_values(4 * dim, 28);
  std::atomic<bool> failed{false};
  std::atomic<int> started{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      ++started;
      for (int i = 0; i < 40; ++i) {
        try {
          const bool batch = (i + t) % 3 == 0;
          const std::span<const float> q(queries.data(), batch ? queries.size() : dim);
          if ((i + t) % 4 == 0) {
            const std::vector<CollectionKey> both{{"mem", "a"}, {"mem", "b"}};
            if (lake.search_federated(both, q, 5).k != 5) failed = true;
          } else {
            const SearchResults r = lake.search({"mem", (i + t) % 2 == 0 ? "a" : "b"}, q, 1 + (i % 7));
            if (r.k != static_cast<std::size_t>(1 + (i % 7))) failed = true;
          }
        } catch (...) {
          failed = true;
        }
      }
    });
  }
  while (started < 8) std::this_thread::yield();
  std::set<std::string> generations{generation_to_string(backend->generation("a"))};
  for (std::uint64_t extra = 0; extra < 3; ++extra) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    const std::vector<std::uint64_t> id{50'000 + extra};
    backend->append("a", id, normal_values(dim, 29 + static_cast<unsigned>(extra)));
    generations.insert(generation_to_string(backend->generation("a")));
  }
  for (auto& th : threads) th.join();
  CHECK_FALSE(failed);
  const auto by_collection = lake.stats_by_collection();
  CHECK(by_collection.at({"mem", "b"}).primes == 1);
  CHECK(by_collection.at({"mem", "a"}).primes >= 1);
  CHECK(by_collection.at({"mem", "a"}).primes <= generations.size());
}

TEST_CASE("lake: searches during a re-prime answer from the old entry", "[lake][concurrency]") {
  // A backend whose pull can be held open: the re-prime stalls inside it.
  class Gated final : public Backend {
   public:
    explicit Gated(std::shared_ptr<LocalBackend> inner) : inner_(std::move(inner)) {}
    [[nodiscard]] std::string id() const override { return "gated"; }
    [[nodiscard]] std::vector<std::string> list_collections() const override { return inner_->list_collections(); }
    [[nodiscard]] PulledBatch pull(const std::string& c) const override {
      std::unique_lock lock(mutex_);
      ++pulls_;
      changed_.notify_all();
      changed_.wait(lock, [&] { return open_; });
      return inner_->pull(c);
    }
    [[nodiscard]] Generation generation(const std::string& c) const override { return inner_->generation(c); }
    [[nodiscard]] std::size_t dimension(const std::string& c) const override { return inner_->dimension(c); }
    void set_open(bool open) {
      const std::scoped_lock lock(mutex_);
      open_ = open;
      changed_.notify_all();
    }
    void wait_for_pulls(int n) const {
      std::unique_lock lock(mutex_);
      changed_.wait(lock, [&] { return pulls_ >= n; });
    }

   private:
    std::shared_ptr<LocalBackend> inner_;
    mutable std::mutex mutex_;
    mutable std::condition_variable changed_;
    mutable int pulls_ = 0;
    bool open_ = true;
  };
  const std::size_t dim = 8;
  auto inner = local_with("mem", "docs", 30, dim, 30);
  auto gated = std::make_shared<Gated>(inner);
  Lake lake(options_with(Consistency::fresh()));
  lake.register_backend(gated);
  const CollectionKey key{"gated", "docs"};
  const auto q = normal_values(dim, 31);
  const auto before = lake.search(key, q, 3);

  gated->set_open(false);
  const std::vector<std::uint64_t> id{555};
  inner->append("docs", id, q);
  auto primer = std::async(std::launch::async, [&] { return lake.search(key, q, 1); });
  gated->wait_for_pulls(2);  // the re-prime is stuck in pull()
  auto reader = std::async(std::launch::async, [&] { return lake.search(key, q, 3); });
  REQUIRE(reader.wait_for(std::chrono::seconds(10)) == std::future_status::ready);
  CHECK(reader.get().ids == before.ids);  // the old entry answered
  gated->set_open(true);
  CHECK(primer.get().ids[0] == 555);
  CHECK(lake.stats().primes == 2);
}

TEST_CASE("lake: a failed prime reaches the searches that waited for it", "[lake][concurrency]") {
  class Flaky final : public Backend {
   public:
    [[nodiscard]] std::string id() const override { return "flaky"; }
    [[nodiscard]] std::vector<std::string> list_collections() const override { return {"c"}; }
    [[nodiscard]] PulledBatch pull(const std::string&) const override {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      throw_error(ErrorCode::kPersistError, "disk on fire");
    }
    [[nodiscard]] Generation generation(const std::string&) const override { return std::uint64_t{1}; }
    [[nodiscard]] std::size_t dimension(const std::string&) const override { return 4; }
  };
  Lake lake(options_with(Consistency::fresh()));
  lake.register_backend(std::make_shared<Flaky>());
  std::vector<std::future<std::string>> searches;
  for (int t = 0; t < 4; ++t) {
    searches.push_back(std::async(std::launch::async, [&] {
      return message_of([&] { (void)lake.search({"flaky", "c"}, std::vector<float>(4, 0.0F), 1); });
    }));
  }
  for (auto& s : searches) CHECK(s.get() == "disk on fire");
  CHECK(lake.entry_count() == 0);
}
#endif
