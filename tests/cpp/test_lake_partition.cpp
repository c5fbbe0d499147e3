// Shards built in the union's partition (Lake::train_partition / set_partition): their federated
// search is never worse than one index over the union at the same nprobe and rerank factor, and
// equals it exactly when every list is probed and every row reranked.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <memory>
#include <set>
#include <vector>

#include "error_of.hpp"
#include "normal_values.hpp"
#include "ruvector/flat/flat_index.hpp"
#include "ruvector/lake/lake.hpp"
#include "ruvector/lake/local_backend.hpp"
#include "ruvector/lake/shard_map.hpp"

using namespace ruvector;        // NOLINT(google-build-using-namespace)
using namespace ruvector::lake;  // NOLINT(google-build-using-namespace)
using ruvector::test::code_of;
using ruvector::test::message_of;
using ruvector::test::normal_values;

namespace {

constexpr std::size_t kDim = 32;
constexpr std::int64_t kK = 10;

// Clustered rows (the data IVF is for): 64 Gaussian blobs, so lists differ in what they hold.
std::vector<float> clustered(std::size_t n, unsigned seed) {
  const std::vector<float> centres = normal_values(64 * kDim, seed);
  std::vector<float> rows = normal_values(n * kDim, seed + 1);
  for (std::size_t r = 0; r < n; ++r) {
    for (std::size_t d = 0; d < kDim; ++d)
      rows[r * kDim + d] = 4.0F * centres[(r % 64) * kDim + d] + rows[r * kDim + d];
  }
  return rows;
}

LakeOptions lake_options() {
  LakeOptions options;
  options.consistency = Consistency::frozen();
  options.threads = 1;
  return options;
}

// Rows split over `shards` collections of one backend by the core's hash ShardMap.
std::vector<CollectionKey> split_by_hash(Lake& lake, std::uint32_t shards, const std::vector<std::uint64_t>& ids,
                                         const std::vector<float>& vectors) {
  auto backend = std::make_shared<LocalBackend>("parts");
  const std::vector<std::uint32_t> home = ShardMap::hash(shards).assign(ids);
  std::vector<CollectionKey> targets;
  for (std::uint32_t s = 0; s < shards; ++s) {
    std::vector<std::uint64_t> part_ids;
    std::vector<float> part;
    for (std::size_t row = 0; row < ids.size(); ++row) {
      if (home[row] != s) continue;
      part_ids.push_back(ids[row]);
      part.insert(part.end(), vectors.begin() + static_cast<std::ptrdiff_t>(row * kDim),
                  vectors.begin() + static_cast<std::ptrdiff_t>((row + 1) * kDim));
    }
    backend->put_collection("part" + std::to_string(s), kDim, part_ids, part);
    targets.push_back({"parts", "part" + std::to_string(s)});
  }
  lake.register_backend(backend);
  return targets;
}

std::size_t found_in_row(const std::vector<std::uint64_t>& got, const SearchResults& truth, std::size_t q) {
  const auto row = [&](const std::vector<std::uint64_t>& ids) {
    return std::set<std::uint64_t>(ids.begin() + static_cast<std::ptrdiff_t>(q * kK),
                                   ids.begin() + static_cast<std::ptrdiff_t>((q + 1) * kK));
  };
  const std::set<std::uint64_t> want = row(truth.ids);
  std::size_t found = 0;
  for (const std::uint64_t id : row(got)) found += want.count(id);
  return found;
}

}  // namespace

TEST_CASE("lake: shards in the union's partition never fall below one index at the same budget", "[lake]") {
  const std::size_t n = 24000;  // above the flat threshold: the union has several hundred lists
  const std::size_t m = 100;
  const std::vector<float> vectors = clustered(n, 31);
  std::vector<std::uint64_t> ids(n);
  for (std::size_t i = 0; i < n; ++i) ids[i] = 7 * i + 3;
  const std::vector<float> queries = clustered(m, 33);
  FlatIndex exact(kDim, Metric::kL2);
  exact.add(vectors, ids);
  const SearchResults truth = exact.search(queries, kK);

  Lake single(lake_options());
  auto all = std::make_shared<LocalBackend>("all");
  all->put_collection("docs", kDim, ids, vectors);
  single.register_backend(all);
  const SearchResults one = single.search({"all", "docs"}, queries, kK);
  const rabitq::RabitqIndex partition = single.train_partition(vectors, kDim);
  REQUIRE(partition.nlist() > 100);
  REQUIRE(partition.default_nprobe() < partition.nlist() / 10);  // a real budget: few lists probed
  REQUIRE(partition.size() == 0);

  std::size_t single_found = 0;
  for (std::size_t q = 0; q < m; ++q) single_found += found_in_row(one.ids, truth, q);
  CHECK(single_found < m * kK);  // the budget is tight enough to miss some neighbours

  for (const std::uint32_t shards : {1U, 2U, 4U}) {
    Lake lake(lake_options());
    const std::vector<CollectionKey> targets = split_by_hash(lake, shards, ids, vectors);
    const auto shared = std::make_shared<const rabitq::RabitqIndex>(partition.empty_copy());
    for (const CollectionKey& target : targets) lake.set_partition(target, shared);
    const FederatedResults got = lake.search_federated(targets, queries, kK);
    REQUIRE(got.k == static_cast<std::size_t>(kK));
    std::size_t found = 0;
    std::size_t same_rows = 0;
    for (std::size_t q = 0; q < m; ++q) {
      INFO("shards = " << shards << ", query " << q);
      // Every candidate the one index reranks is reranked by its shard: the merged k-th distance is
      // never farther, position by position, and no true neighbour it found is lost.
      for (std::size_t j = 0; j < static_cast<std::size_t>(kK); ++j) {
        CHECK(got.distances[q * kK + j] <= one.distances[q * kK + j]);
      }
      CHECK(found_in_row(got.ids, truth, q) >= found_in_row(one.ids, truth, q));
      found += found_in_row(got.ids, truth, q);
      same_rows += std::equal(got.ids.begin() + static_cast<std::ptrdiff_t>(q * kK),
                              got.ids.begin() + static_cast<std::ptrdiff_t>((q + 1) * kK),
                              one.ids.begin() + static_cast<std::ptrdiff_t>(q * kK))
                       ? 1
                       : 0;
    }
    INFO("shards = " << shards << ": recall " << found << " vs one index " << single_found << ", same ids in "
                     << same_rows << " of " << m << " queries");
    CHECK(found >= single_found);
    if (shards == 1) CHECK(same_rows == m);  // one shard in the union's partition is that index

    // Probe everything, rerank everything: both are exact, so the ids are the same, and the truth.
    const rabitq::SearchParams everything{static_cast<std::int64_t>(partition.nlist()), static_cast<double>(n), 1};
    const FederatedResults all_lists = lake.search_federated(targets, queries, kK, everything);
    CHECK(all_lists.ids == single.search({"all", "docs"}, queries, kK, everything).ids);
    CHECK(all_lists.ids == truth.ids);
  }
}

TEST_CASE("lake: a partition must match the lake, and bundles from another partition are refused", "[lake]") {
  const std::size_t n = 24000;
  const std::vector<float> vectors = clustered(n, 35);
  std::vector<std::uint64_t> ids(n);
  for (std::size_t i = 0; i < n; ++i) ids[i] = i;
  Lake lake(lake_options());
  const rabitq::RabitqIndex partition = lake.train_partition(vectors, kDim);
  // The partition survives serialization (how a Ray driver ships it to its shards).
  const rabitq::RabitqIndex shipped = rabitq::RabitqIndex::deserialize(partition.serialize());
  CHECK(shipped.same_partition(partition));
  CHECK(shipped.default_nprobe() == partition.default_nprobe());

  LakeOptions two_bits = lake_options();
  two_bits.bits = 2;
  Lake other(two_bits);
  const CollectionKey key{"mem", "docs"};
  const auto mismatched = std::make_shared<const rabitq::RabitqIndex>(other.train_partition(vectors, kDim));
  CHECK(message_of([&] { lake.set_partition(key, mismatched); }) ==
        "the partition for 'mem/docs' has bits 2, this lake uses 1");

  auto backend = std::make_shared<LocalBackend>("mem");
  backend->put_collection("docs", kDim, ids, vectors);
  lake.register_backend(backend);
  const BundleBytes own = lake.bundle_bytes(key, true);  // built in its own partition

  Lake shard(lake_options());
  shard.register_backend(backend);
  shard.set_partition(key, std::make_shared<const rabitq::RabitqIndex>(partition.empty_copy()));
  // The union's partition here equals the collection's own (the same rows): a shard's bundle installs.
  CHECK(shard.warm_from_bytes(key, own) == n);

  const std::vector<float> fewer(vectors.begin(), vectors.begin() + static_cast<std::ptrdiff_t>(n / 2 * kDim));
  shard.set_partition(key, std::make_shared<const rabitq::RabitqIndex>(shard.train_partition(fewer, kDim)));
  CHECK(code_of([&] { (void)shard.warm_from_bytes(key, own); }) == ErrorCode::kInvalidInput);
  CHECK(message_of([&] { (void)shard.warm_from_bytes(key, own); }).find("another partition") != std::string::npos);
  // Built in the partition it was given, from the backend's rows (every row reranked: row 0 itself).
  const rabitq::SearchParams rerank_all{0, static_cast<double>(n), 1};
  CHECK(shard.search(key, std::span<const float>(vectors.data(), kDim), 1, rerank_all).ids[0] == 0);
}
