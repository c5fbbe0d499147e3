// Calibration at build (rabitq/calibration.hpp): the default search setting and search(target_recall)
// measured against brute force on held-out queries, never against the calibration's own numbers.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "normal_values.hpp"
#include "recall_at.hpp"
#include "ruvector/core/crc32.hpp"
#include "ruvector/core/error.hpp"
#include "ruvector/flat/flat_index.hpp"
#include "ruvector/rabitq/rabitq_index.hpp"

using namespace ruvector::rabitq;  // NOLINT(google-build-using-namespace)
using ruvector::test::clustered_values;
using ruvector::test::normal_values;
using ruvector::test::recall_at;

namespace {

struct DataSet {
  const char* name;
  std::size_t dim;
  std::vector<float> base;
  std::vector<float> queries;  // held out: not in the base, not used by the calibration
  BuildParams params;
};

std::vector<DataSet> data_sets() {
  std::vector<DataSet> sets;
  // Automatic everything: 30,000 rows are calibrated by default.
  sets.push_back({"clustered 30000 x 32",
                  32,
                  clustered_values(30000, 32, 100, 11, 100),
                  clustered_values(400, 32, 100, 11, 200),
                  {}});
  // No structure at all: isotropic Gaussian, the hardest case for a coarse partition (the default
  // probes most lists). Small, with the threshold lowered: at 24,000 x 64 it cost 67 s CPU in the
  // debug build, here ~4.5 s, and still needs 48 of 64 lists and rerank 12 for 0.95.
  BuildParams lowered;
  lowered.nlist = 64;
  lowered.calibrate_from = 5000;
  sets.push_back(
      {"gaussian 5000 x 32, nlist 64", 32, normal_values(5000 * 32, 7), normal_values(400 * 32, 8), lowered});
  return sets;
}

// Calibrated below the default threshold (given nlist): the behaviour of a 20,000-row build at a
// fraction of its cost in the debug and sanitizer builds.
BuildParams small_ivf(std::size_t rows) {
  BuildParams params;
  params.nlist = 48;
  params.calibrate_from = rows;
  return params;
}

std::string what_of(const std::function<void()>& call) {
  try {
    call();
  } catch (const ruvector::Error& e) {
    return std::string(e.code() == ruvector::ErrorCode::kInvalidInput ? "InvalidInput: " : "other: ") + e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("calibrated defaults reach recall@10 0.95 and target_recall 0.99 reaches 0.99 on held-out queries",
          "[rabitq][calibration]") {
  for (const DataSet& set : data_sets()) {
    INFO(set.name);
    ruvector::FlatIndex exact(set.dim, ruvector::Metric::kL2);
    exact.add(set.base);
    const auto truth = exact.search(set.queries, 10);
    const auto index = RabitqIndex::build(set.base, set.dim, {}, set.params);
    REQUIRE(!index.calibration().empty());
    CHECK(index.calibration().sample_queries == kCalibrationQueries);
    const double at_default = recall_at(index.search(set.queries, 10), truth);
    CHECK(at_default >= 0.95);
    SearchParams strict;
    strict.target_recall = 0.99;
    const double at_99 = recall_at(index.search(set.queries, 10, strict), truth);
    CHECK(at_99 >= 0.99);
    // The defaults are the table's cheapest setting reaching 0.95: not the most expensive one.
    const CalibrationEntry* for_99 = choose_setting(index.calibration(), 0.99, 0, 0.0);
    const CalibrationEntry* for_95 = choose_setting(index.calibration(), kDefaultTargetRecall, 0, 0.0);
    REQUIRE(for_99 != nullptr);
    REQUIRE(for_95 != nullptr);
    CHECK(for_95->cost <= for_99->cost);
    CHECK(index.default_nprobe() == for_95->nprobe);
    CHECK(index.default_rerank_factor() == for_95->rerank_factor);
    UNSCOPED_INFO(set.name << ": default nprobe " << index.default_nprobe() << " rerank "
                           << index.default_rerank_factor() << " recall " << at_default << "; at 0.99: nprobe "
                           << for_99->nprobe << " rerank " << for_99->rerank_factor << " recall " << at_99);
  }
}

TEST_CASE("the calibration is deterministic: same seed, same table, whatever the thread count",
          "[rabitq][calibration][determinism]") {
  const std::size_t dim = 24;
  const auto base = clustered_values(6000, dim, 40, 3, 4);
  BuildParams one = small_ivf(6000);
  one.threads = 1;
  BuildParams two = one;
  two.threads = 2;
  const auto a = RabitqIndex::build(base, dim, {}, one);
  const auto b = RabitqIndex::build(base, dim, {}, two);
  REQUIRE(!a.calibration().empty());
  CHECK(a.serialize() == b.serialize());
  BuildParams other_seed = one;
  other_seed.seed = 43;
  const auto c = RabitqIndex::build(base, dim, {}, other_seed);
  CHECK(c.calibration().entries.size() > 0);
}

TEST_CASE("explicit nprobe / rerank_factor win over calibration; small builds are not calibrated",
          "[rabitq][calibration]") {
  const std::size_t dim = 16;
  const auto base = clustered_values(6000, dim, 30, 5, 6);
  BuildParams fixed = small_ivf(6000);
  fixed.nprobe = 3;
  const auto index = RabitqIndex::build(base, dim, {}, fixed);
  CHECK(index.default_nprobe() == 3);
  const CalibrationEntry* within = choose_setting(index.calibration(), kDefaultTargetRecall, 3, 0.0);
  REQUIRE(within != nullptr);
  CHECK(within->nprobe <= 3);
  CHECK(index.default_rerank_factor() == within->rerank_factor);
  BuildParams both = small_ivf(6000);
  both.nprobe = 5;
  both.rerank_factor = 7.0;
  const auto pinned = RabitqIndex::build(base, dim, {}, both);
  CHECK(pinned.default_nprobe() == 5);
  CHECK(pinned.default_rerank_factor() == 7.0);
  BuildParams skip = small_ivf(6000);
  skip.calibrate = false;
  const auto plain = RabitqIndex::build(base, dim, {}, skip);
  CHECK(plain.calibration().empty());
  CHECK(plain.nlist() == index.nlist());
  CHECK(plain.default_nprobe() == automatic_nprobe(plain.nlist()));
  CHECK(plain.default_rerank_factor() == kDefaultRerankFactor);

  const auto small = RabitqIndex::build(clustered_values(kCalibrateFrom - 1, dim, 30, 5, 7), dim, {}, BuildParams{});
  CHECK(small.calibration().empty());
  CHECK(small.default_rerank_factor() == kDefaultRerankFactor);
  SearchParams asks;
  asks.target_recall = 0.9;
  const auto queries = clustered_values(3, dim, 30, 5, 8);
  CHECK(what_of([&] { (void)small.search(queries, 5, asks); }) ==
        "InvalidInput: target_recall needs the index's calibration table, and this index has none (built from fewer "
        "than 20000 rows, with one list or with calibrate off, or saved before format version 2): pass nprobe and "
        "rerank_factor");
  for (const double bad : {0.0, -0.5, 1.5, std::nan("")}) {
    asks.target_recall = bad;
    CHECK_THAT(what_of([&] { (void)index.search(queries, 5, asks); }),
               Catch::StartsWith("InvalidInput: target_recall must be in (0, 1], got "));
    BuildParams build_bad;
    build_bad.target_recall = bad;
    CHECK_THAT(what_of([&] { (void)RabitqIndex::build(queries, dim, {}, build_bad); }),
               Catch::StartsWith("InvalidInput: target_recall must be in (0, 1], got "));
  }
  asks.target_recall = 1.5;
  CHECK(what_of([&] { (void)index.search(queries, 5, asks); }) ==
        "InvalidInput: target_recall must be in (0, 1], got 1.5");
}

TEST_CASE("an unreachable target_recall searches with the table's best setting", "[rabitq][calibration]") {
  const std::size_t dim = 16;
  const auto base = clustered_values(6000, dim, 30, 9, 10);
  const auto index = RabitqIndex::build(base, dim, {}, small_ivf(6000));
  const CalibrationEntry* best = choose_setting(index.calibration(), 1.0, 0, 0.0);
  REQUIRE(best != nullptr);
  for (const CalibrationEntry& e : index.calibration().entries) CHECK(e.recall_lower <= best->recall_lower);
  const auto queries = clustered_values(50, dim, 30, 9, 11);
  SearchParams asks;
  asks.target_recall = 1.0;
  SearchParams explicit_best;
  explicit_best.nprobe = best->nprobe;
  explicit_best.rerank_factor = best->rerank_factor;
  CHECK(index.search(queries, 10, asks).ids == index.search(queries, 10, explicit_best).ids);

  // The partition of these rows (Lake::train_partition) carries the same table and defaults, no rows.
  const auto partition = RabitqIndex::train(base, dim, small_ivf(6000));
  CHECK(partition.size() == 0);
  CHECK(partition.default_nprobe() == index.default_nprobe());
  CHECK(partition.default_rerank_factor() == index.default_rerank_factor());
  REQUIRE(partition.calibration().entries.size() == index.calibration().entries.size());
  CHECK(std::memcmp(partition.calibration().entries.data(), index.calibration().entries.data(),
                    index.calibration().entries.size() * sizeof(CalibrationEntry)) == 0);
}

TEST_CASE("the calibration table survives save/load and add/remove; a version-1 file still loads",
          "[rabitq][calibration][persist]") {
  const std::size_t dim = 12;
  const auto base = clustered_values(20000, dim, 25, 12, 13);
  auto index = RabitqIndex::build(base, dim, {}, BuildParams{});
  const Calibration& table = index.calibration();
  REQUIRE(!table.empty());
  const auto bytes = index.serialize();
  const auto loaded = RabitqIndex::deserialize(bytes);
  CHECK(loaded.calibration().entries.size() == table.entries.size());
  CHECK(std::memcmp(loaded.calibration().entries.data(), table.entries.data(),
                    table.entries.size() * sizeof(CalibrationEntry)) == 0);
  CHECK(loaded.default_nprobe() == index.default_nprobe());
  CHECK(loaded.default_rerank_factor() == index.default_rerank_factor());
  const std::vector<std::uint64_t> some = {1, 2, 3};
  index.remove(some);
  index.add(clustered_values(10, dim, 25, 12, 14));
  CHECK(index.calibration().entries.size() == loaded.calibration().entries.size());

  // Version 1 is version 2 without the calibration section (16 bytes + 32 per entry after the header).
  const auto small = RabitqIndex::build(clustered_values(500, dim, 25, 12, 15), dim, {}, BuildParams{});
  const auto v2 = small.serialize();
  std::uint32_t entries = 0;
  std::memcpy(&entries, &v2[68], 4);
  REQUIRE(entries == 0);
  std::vector<std::uint8_t> v1(v2.begin(), v2.begin() + 68);
  v1.insert(v1.end(), v2.begin() + 68 + 16, v2.end() - 4);
  v1[8] = 1;
  const std::uint32_t crc = ruvector::crc32(v1);
  v1.insert(v1.end(), reinterpret_cast<const std::uint8_t*>(&crc), reinterpret_cast<const std::uint8_t*>(&crc) + 4);
  const auto old = RabitqIndex::deserialize(v1);
  CHECK(old.calibration().empty());
  const auto queries = clustered_values(20, dim, 25, 12, 16);
  CHECK(old.search(queries, 5).ids == small.search(queries, 5).ids);
  CHECK(old.serialize() == v2);  // re-saved as version 2

  // A damaged entry (checksum recomputed) is refused by name.
  auto bad = bytes;
  std::memset(&bad[68 + 16], 0, 4);  // entry 0's nprobe = 0
  const std::uint32_t bad_crc = ruvector::crc32({bad.data(), bad.size() - 4});
  std::memcpy(&bad[bad.size() - 4], &bad_crc, 4);
  try {
    (void)RabitqIndex::deserialize(bad);
    FAIL("no error");
  } catch (const ruvector::Error& e) {
    CHECK(e.code() == ruvector::ErrorCode::kPersistError);
    CHECK_THAT(e.what(), Catch::Contains("calibration entry 0"));
  }
}
