// RaBitQ: the estimator's statistical claims (Gao & Long 2024, Gao et al. 2025) and the index.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <random>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "normal_values.hpp"
#include "recall_at.hpp"
#include "ruvector/core/crc32.hpp"
#include "ruvector/core/error.hpp"
#include "ruvector/core/half.hpp"
#include "ruvector/flat/flat_index.hpp"
#include "ruvector/rabitq/estimator.hpp"
#include "ruvector/rabitq/half_rows.hpp"
#include "ruvector/rabitq/huge_pages.hpp"
#include "ruvector/rabitq/quantizer.hpp"
#include "ruvector/rabitq/rabitq_index.hpp"
#include "ruvector/rabitq/random.hpp"
#include "ruvector/rabitq/rotation.hpp"

using namespace ruvector::rabitq;  // NOLINT(google-build-using-namespace)
using ruvector::test::clustered_values;
using ruvector::test::normal_values;
using ruvector::test::recall_at;

namespace {

double dot(const std::vector<float>& a, const std::vector<float>& b) {
  double s = 0;
  for (std::size_t i = 0; i < a.size(); ++i) s += double(a[i]) * b[i];
  return s;
}

}  // namespace

TEST_CASE("portable_log matches std::log", "[rabitq][random]") {
  for (const double x : {1e-300, 1e-9, 0.1, 0.5, 0.7071, 0.99999, 1.0, 1.5, 10.0, 12345.678}) {
    CHECK(portable_log(x) == Approx(std::log(x)).epsilon(1e-14));
  }
}

TEST_CASE("the Haar rotation is orthogonal and seeded", "[rabitq][rotation]") {
  const auto& kernels = ruvector::simd::active_kernels();
  for (const auto kind : {RotationKind::kHaar, RotationKind::kHadamard}) {
    const Rotation rot(100, kind, 7);
    REQUIRE(rot.padded_dim() == 128);
    auto x = normal_values(100, 1);
    auto y = normal_values(100, 2);
    std::vector<float> rx(128);
    std::vector<float> ry(128);
    rot.apply(x.data(), rx.data(), kernels);
    rot.apply(y.data(), ry.data(), kernels);
    CHECK(dot(rx, rx) == Approx(dot(x, x)).epsilon(1e-4));  // norms and angles preserved
    CHECK(dot(rx, ry) == Approx(dot(x, y)).margin(1e-3));
    const Rotation same(100, kind, 7);
    const Rotation other(100, kind, 8);
    std::vector<float> again(128);
    std::vector<float> different(128);
    same.apply(x.data(), again.data(), kernels);
    other.apply(x.data(), different.data(), kernels);
    CHECK(again == rx);
    CHECK(different != rx);
  }
}

TEST_CASE("the 1-bit estimator is unbiased and stays within its error bound", "[rabitq][estimator]") {
  // Fixed o and q; the randomness is the rotation, as in the paper's analysis.
  const std::size_t dim = 128;
  const auto o = normal_values(dim, 3);
  const auto q = normal_values(dim, 4);
  const double truth = dot(o, q);
  const auto& kernels = ruvector::simd::active_kernels();
  double sum = 0;
  int outside = 0;       // at the paper's eps0 = 1.9 (about 2 standard deviations)
  int outside_wide = 0;  // at kPruneEps, the confidence the index prunes reranking with
  const int trials = 800;
  std::vector<float> ro(dim);
  std::vector<float> rq(dim);
  std::vector<std::uint8_t> nibbles(dim / 4);
  for (int t = 0; t < trials; ++t) {
    const Rotation rot(dim, RotationKind::kHaar, 1000 + t);
    rot.apply(o.data(), ro.data(), kernels);
    rot.apply(q.data(), rq.data(), kernels);
    const OneBitCode code = encode_one_bit(ro.data(), dim, nibbles.data());
    double bq = 0;
    double qsum = 0;
    for (std::size_t i = 0; i < dim; ++i) {
      qsum += rq[i];
      if ((nibbles[i / 4] >> (i % 4)) & 1U) bq += rq[i];
    }
    const double est = code.scale * (2 * bq - qsum);
    sum += est;
    const double bound = one_bit_error_factor(code, dim) / 2 * std::sqrt(dot(q, q)) * kEps0;  // on <o, q>
    if (std::fabs(est - truth) > bound) ++outside;
    if (std::fabs(est - truth) > bound / kEps0 * kPruneEps) ++outside_wide;
  }
  const double mean = sum / trials;
  // Standard error of the mean: the bound / eps0 is about one standard deviation.
  CHECK(std::fabs(mean - truth) < 0.05 * std::sqrt(dot(o, o) * dot(q, q)));
  CHECK(outside < trials * 8 / 100);
  CHECK(outside_wide < trials / 100);
}

TEST_CASE("more bits give a lower estimation error", "[rabitq][estimator]") {
  const std::size_t dim = 128;
  const auto& kernels = ruvector::simd::active_kernels();
  const Rotation rot(dim, RotationKind::kHaar, 5);
  std::vector<double> error(9, 0.0);
  std::vector<float> ro(dim);
  std::vector<float> rq(dim);
  std::vector<std::uint8_t> codes(dim);
  for (unsigned t = 0; t < 300; ++t) {
    const auto o = normal_values(dim, 100 + t);
    const auto q = normal_values(dim, 5000 + t);
    const double truth = dot(o, q);
    rot.apply(o.data(), ro.data(), kernels);
    rot.apply(q.data(), rq.data(), kernels);
    float qsum = 0;
    for (const float v : rq) qsum += v;
    {
      std::vector<std::uint8_t> nibbles(dim / 4);
      const OneBitCode code = encode_one_bit(ro.data(), dim, nibbles.data());
      double bq = 0;
      for (std::size_t i = 0; i < dim; ++i) {
        if ((nibbles[i / 4] >> (i % 4)) & 1U) bq += rq[i];
      }
      error[1] += std::fabs(code.scale * (2 * bq - qsum) - truth);
    }
    for (int bits = 2; bits <= 8; ++bits) {
      const ExtendedCode code = encode_extended(ro.data(), dim, bits, codes.data());
      error[bits] += std::fabs(extended_dot(codes.data(), rq.data(), dim, bits, qsum, code.scale) - truth);
    }
  }
  for (int bits = 2; bits <= 8; ++bits) {
    INFO("bits " << bits << " mean error " << error[bits] / 300 << " vs " << error[bits - 1] / 300);
    CHECK(error[bits] < error[bits - 1] * 0.75);
  }
}

TEST_CASE("RabitqIndex reaches high recall on clustered data, flat and IVF", "[rabitq][index]") {
  const std::size_t dim = 32;
  const std::size_t n = 30000;
  const auto base = clustered_values(n, dim, 100, 11, 100);
  const auto queries = clustered_values(100, dim, 100, 11, 200);  // same centres, fresh points
  ruvector::FlatIndex exact(dim, ruvector::Metric::kL2);
  exact.add(base);
  const auto truth = exact.search(queries, 10);
  for (const std::int64_t nlist : {1, 64}) {
    BuildParams params;
    params.nlist = nlist;
    params.calibrate = false;  // searched at an explicit nprobe
    const auto index = RabitqIndex::build(base, dim, {}, params);
    CHECK(index.nlist() == std::size_t(nlist));
    SearchParams sp;
    sp.nprobe = nlist == 1 ? 1 : 16;
    const auto got = index.search(queries, 10, sp);
    INFO("nlist " << nlist);
    CHECK(recall_at(got, truth) >= 0.95);
    // Reranked distances are exact.
    CHECK(got.distances[0] == Approx(truth.distances[0]).epsilon(1e-5));
  }
}

TEST_CASE("RabitqIndex: every metric, store and bits setting finds the exact neighbours", "[rabitq][index]") {
  const std::size_t dim = 24;
  const auto base = clustered_values(3000, dim, 20, 21, 300);
  const auto queries = clustered_values(50, dim, 20, 21, 400);
  for (const auto metric : {ruvector::Metric::kL2, ruvector::Metric::kInnerProduct, ruvector::Metric::kCosine}) {
    ruvector::FlatIndex exact(dim, metric);
    exact.add(base);
    const auto truth = exact.search(queries, 5);
    for (const auto store : {VectorStore::kF32, VectorStore::kF16, VectorStore::kNone}) {
      for (const int bits : {1, 4, 8}) {
        if (store == VectorStore::kNone && bits == 1) continue;  // 1-bit estimates alone are coarse
        BuildParams params;
        params.metric = metric;
        params.store = store;
        params.bits = bits;
        const auto index = RabitqIndex::build(base, dim, {}, params);
        const auto got = index.search(queries, 5);
        INFO("metric " << ruvector::metric_name(metric) << " store " << store_name(store) << " bits " << bits);
        CHECK(recall_at(got, truth) >= (store == VectorStore::kNone ? (bits == 8 ? 0.9 : 0.6) : 0.97));
      }
    }
  }
}

TEST_CASE("RabitqIndex add and remove after build", "[rabitq][index]") {
  const std::size_t dim = 16;
  const auto base = normal_values(500 * dim, 31);
  BuildParams params;
  auto index = RabitqIndex::build(base, dim, {}, params);
  CHECK(index.size() == 500);
  const auto extra = normal_values(40 * dim, 32);
  std::vector<std::uint64_t> ids(40);
  for (std::size_t i = 0; i < 40; ++i) ids[i] = 1000 + i;
  index.add(extra, ids);
  CHECK(index.size() == 540);
  // Each added vector finds itself.
  auto res = index.search(extra, 1);
  for (std::size_t i = 0; i < 40; ++i) CHECK(res.ids[i] == 1000 + i);
  // Remove half (including ones that force slots to move), they disappear; the rest stay findable.
  std::vector<std::uint64_t> gone;
  for (std::size_t i = 0; i < 40; i += 2) gone.push_back(1000 + i);
  gone.push_back(3);
  CHECK(index.remove(gone) == 21);
  CHECK(index.size() == 519);
  res = index.search(extra, 1);
  for (std::size_t i = 1; i < 40; i += 2) CHECK(res.ids[i] == 1000 + i);
  for (std::size_t i = 0; i < 40; i += 2) CHECK(res.ids[i] != 1000 + i);
  CHECK_THROWS_AS(index.add(extra, ids), ruvector::Error);  // ids 1001.. still present
}

TEST_CASE("RabitqIndex refuses bad input with the shared error kinds", "[rabitq][errors]") {
  const auto base = normal_values(100 * 8, 41);
  const auto code = [](auto&& f) {
    try {
      f();
    } catch (const ruvector::Error& e) {
      return e.code();
    }
    return ruvector::ErrorCode::kRuVectorError;
  };
  using ruvector::ErrorCode;
  BuildParams bad_bits;
  bad_bits.bits = 9;
  CHECK(code([&] { (void)RabitqIndex::build(base, 8, {}, bad_bits); }) == ErrorCode::kInvalidInput);
  BuildParams big_nlist;
  big_nlist.nlist = 1000;
  CHECK(code([&] { (void)RabitqIndex::build(base, 8, {}, big_nlist); }) == ErrorCode::kInvalidInput);
  CHECK(code([&] { (void)RabitqIndex::build(base, 7, {}, {}); }) == ErrorCode::kDimensionMismatch);
  auto index = RabitqIndex::build(base, 8, {}, {});
  CHECK(code([&] { (void)index.search(normal_values(8, 1), 0); }) == ErrorCode::kInvalidInput);
  std::vector<float> nan(8, NAN);
  CHECK(code([&] { (void)index.search(nan, 3); }) == ErrorCode::kInvalidInput);
  CHECK(code([&] { index.add(nan); }) == ErrorCode::kInvalidInput);
  CHECK(index.size() == 100);
  const auto all = index.search(normal_values(8, 2), 1000);  // k > n: n columns
  CHECK(all.k == 100);
  std::set<std::uint64_t> unique(all.ids.begin(), all.ids.end());
  CHECK(unique.size() == 100);
}

TEST_CASE("RabitqIndex keeps exactly the closest estimates as candidates, ties by lower id", "[rabitq][index]") {
  // With store "none" and 1-bit codes a result is the k best of the candidates by (estimate, id), so
  // it must not depend on how many candidates are kept: keeping exactly k (rerank_factor 1) has to
  // cut every tie group where a full sort would. Each vector is stored three times under ids in
  // shuffled order, so equal estimates are common and their order is decided by the id alone.
  const std::size_t dim = 16;
  const std::size_t distinct = 2000;
  const auto points = clustered_values(distinct, dim, 10, 61, 700);
  std::vector<float> base;
  std::vector<std::uint64_t> ids;
  std::mt19937 gen(62);
  std::vector<std::uint64_t> free_ids(3 * distinct);
  for (std::size_t i = 0; i < free_ids.size(); ++i) free_ids[i] = 10 * i + 7;
  std::shuffle(free_ids.begin(), free_ids.end(), gen);
  for (std::size_t copy = 0; copy < 3; ++copy) {
    base.insert(base.end(), points.begin(), points.end());
    ids.insert(ids.end(), free_ids.begin() + static_cast<std::ptrdiff_t>(copy * distinct),
               free_ids.begin() + static_cast<std::ptrdiff_t>((copy + 1) * distinct));
  }
  const auto queries = clustered_values(30, dim, 10, 61, 800);
  for (const std::int64_t nlist : {1, 8}) {
    BuildParams params;
    params.store = VectorStore::kNone;
    params.nlist = nlist;
    const auto index = RabitqIndex::build(base, dim, ids, params);
    for (const std::int64_t k : {1, 4, 10}) {
      SearchParams all;
      all.nprobe = nlist;
      all.rerank_factor = 1e6;  // every code is a candidate
      const auto want = index.search(queries, k, all);
      for (const double rf : {1.0, 1.5, 3.0, 20.0}) {
        SearchParams sp = all;
        sp.rerank_factor = rf;
        const auto got = index.search(queries, k, sp);
        INFO("nlist " << nlist << " k " << k << " rerank_factor " << rf);
        CHECK(got.ids == want.ids);
        CHECK(got.distances == want.distances);
      }
      for (std::size_t q = 0; q < want.queries; ++q) {
        for (std::size_t j = 1; j < want.k; ++j) {
          const std::size_t at = q * want.k + j;
          CHECK(want.distances[at - 1] <= want.distances[at]);
          if (want.distances[at - 1] == want.distances[at]) CHECK(want.ids[at - 1] < want.ids[at]);
        }
      }
    }
  }
}

TEST_CASE("RabitqIndex builds the same index for the same seed, whatever the thread count", "[rabitq][determinism]") {
  const std::size_t dim = 20;
  const auto base = clustered_values(25000, dim, 50, 51, 500);
  BuildParams one;
  one.threads = 1;
  one.nlist = 32;
  one.calibrate = false;  // the calibration's own determinism: test_rabitq_calibration.cpp
  BuildParams many = one;
  many.threads = 4;
  const auto a = RabitqIndex::build(base, dim, {}, one);
  const auto b = RabitqIndex::build(base, dim, {}, many);
  const auto queries = clustered_values(20, dim, 50, 51, 600);
  const auto ra = a.search(queries, 10);
  const auto rb = b.search(queries, 10);
  CHECK(ra.ids == rb.ids);
  CHECK(ra.distances == rb.distances);
}

TEST_CASE("half_row_to_float gives half_to_float's bits for every binary16 value", "[rabitq][f16]") {
  // Zeros, subnormals, normals, infinities and NaNs of both signs, in one row (an odd length, so a
  // vectorised loop's tail runs too).
  std::vector<std::uint16_t> all(65536 + 7);
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = static_cast<std::uint16_t>(i * 40503U);
  for (std::uint32_t h = 0; h < 65536; ++h) all[h] = static_cast<std::uint16_t>(h);
  std::vector<float> got(all.size());
  half_row_to_float(all.data(), got.data(), all.size());
  std::size_t mismatches = 0;
  for (std::size_t i = 0; i < all.size(); ++i) {
    const float want = ruvector::half_to_float(all[i]);
    std::uint32_t a = 0;
    std::uint32_t b = 0;
    std::memcpy(&a, &got[i], sizeof a);
    std::memcpy(&b, &want, sizeof b);
    if (a != b) {
      ++mismatches;
      INFO("half 0x" << std::hex << all[i] << ": got 0x" << a << ", want 0x" << b);
      CHECK(a == b);
    }
  }
  CHECK(mismatches == 0);
}

TEST_CASE("collapse_to_huge_pages leaves the memory as it was", "[rabitq][f32]") {
  // 8 MB in 64 pieces given out of order and with small gaps (as lists' rows interleave with their
  // other arrays): the merged range holds whole 2 MB pages, which are collapsed where the kernel
  // can. Whatever it does, every byte must read back unchanged (and ASan must stay quiet).
  std::vector<std::uint32_t> data(std::size_t{2} << 20U);
  for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<std::uint32_t>(i * 2654435761U);
  const auto base = reinterpret_cast<std::uintptr_t>(data.data());
  const std::size_t piece = data.size() * sizeof(std::uint32_t) / 64;
  std::vector<std::pair<std::uintptr_t, std::uintptr_t>> ranges;
  for (std::size_t p = 64; p-- > 0;) ranges.emplace_back(base + p * piece, base + (p + 1) * piece - 256);
  collapse_to_huge_pages(ranges);
  CHECK(std::is_sorted(ranges.begin(), ranges.end()));
  std::size_t changed = 0;
  for (std::size_t i = 0; i < data.size(); ++i) changed += data[i] != static_cast<std::uint32_t>(i * 2654435761U);
  CHECK(changed == 0);
  std::vector<std::pair<std::uintptr_t, std::uintptr_t>> none;
  collapse_to_huge_pages(none);  // nothing to do, no crash
}

TEST_CASE("crc32 matches the published check value", "[persist]") {
  const std::string check = "123456789";
  CHECK(ruvector::crc32({reinterpret_cast<const std::uint8_t*>(check.data()), check.size()}) == 0xCBF43926U);
  CHECK(ruvector::crc32({}) == 0U);
}

TEST_CASE("serialize/deserialize round-trips every setting", "[persist]") {
  const std::size_t dim = 12;
  const auto base = clustered_values(25000, dim, 30, 61, 700);
  const auto queries = clustered_values(10, dim, 30, 61, 800);
  for (const int bits : {1, 5}) {
    for (const auto store : {VectorStore::kF32, VectorStore::kF16, VectorStore::kNone}) {
      BuildParams params;
      params.bits = bits;
      params.store = store;
      params.nlist = 300;  // two-level quantizer
      // One build carries a calibration table through the round trip; the others skip its cost.
      params.calibrate = bits == 1 && store == VectorStore::kF32;
      params.metric = bits == 1 ? ruvector::Metric::kL2 : ruvector::Metric::kCosine;
      auto index = RabitqIndex::build(base, dim, {}, params);
      const std::vector<std::uint64_t> gone = {5, 77, 24999};
      index.remove(gone);
      const auto bytes = index.serialize();
      const auto again = RabitqIndex::deserialize(bytes);
      INFO("bits " << bits << " store " << store_name(store));
      CHECK(again.size() == index.size());
      CHECK(again.nlist() == index.nlist());
      CHECK(again.serialize() == bytes);
      const auto a = index.search(queries, 7);
      const auto b = again.search(queries, 7);
      CHECK(a.ids == b.ids);
      CHECK(a.distances == b.distances);
    }
  }
}

TEST_CASE("truncated, corrupt or wrong-version bytes are a PersistError", "[persist][fuzz]") {
  const auto base = normal_values(300 * 8, 71);
  BuildParams params;
  params.bits = 3;
  const auto bytes = RabitqIndex::build(base, 8, {}, params).serialize();
  const auto persist_error = [](std::vector<std::uint8_t> data) {
    try {
      (void)RabitqIndex::deserialize(data);
    } catch (const ruvector::Error& e) {
      return e.code() == ruvector::ErrorCode::kPersistError;
    }
    return false;
  };
  for (std::size_t cut = 0; cut < bytes.size(); cut += 1 + cut / 7) {
    INFO("truncated to " << cut);
    CHECK(persist_error(std::vector<std::uint8_t>(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(cut))));
  }
  auto wrong_version = bytes;
  wrong_version[8] = 3;
  try {
    (void)RabitqIndex::deserialize(wrong_version);
    FAIL("no error");
  } catch (const ruvector::Error& e) {
    CHECK_THAT(e.what(),
               Catch::Contains("unsupported RabitqIndex format version 3 (this build reads versions 1 to 2)"));
  }
  // Bounded fuzz: random byte flips (caught by the CRC) and flips with a recomputed CRC (caught by
  // the parser's checks). Under ASan this also proves no out-of-bounds read.
  std::mt19937 gen(72);
  for (int round = 0; round < 400; ++round) {
    auto mutated = bytes;
    const int flips = 1 + round % 4;
    for (int f = 0; f < flips; ++f) {
      std::uniform_int_distribution<std::size_t> at(12, mutated.size() - 5);
      mutated[at(gen)] ^= static_cast<std::uint8_t>(1U << (gen() % 8));
    }
    if (round % 2 == 1) {
      const std::uint32_t crc = ruvector::crc32({mutated.data(), mutated.size() - 4});
      std::memcpy(mutated.data() + mutated.size() - 4, &crc, 4);
      try {
        const auto index = RabitqIndex::deserialize(mutated);  // a flip in a float may stay valid
        (void)index.search(normal_values(8, round), 3);
      } catch (const ruvector::Error& e) {
        CHECK(e.code() == ruvector::ErrorCode::kPersistError);
      }
    } else {
      CHECK(persist_error(mutated));
    }
  }
}

TEST_CASE("RabitqIndex::build reports its stages as done-of-total steps", "[rabitq][progress]") {
  const std::size_t dim = 8;
  const auto base = clustered_values(3000, dim, 20, 61, 700);
  BuildParams params;
  params.nlist = 256;  // two-level k-means: one "train" step per top cluster, one for the refinement
  std::vector<std::tuple<std::string, std::size_t, std::size_t>> steps;
  (void)RabitqIndex::build(base, dim, {}, params, [&](const ruvector::ProgressStep& step) {
    REQUIRE(step.done <= step.total);
    steps.emplace_back(std::string(step.stage), step.done, step.total);
  });
  REQUIRE(steps.size() >= 4);
  const std::size_t top = std::get<2>(steps.front());
  REQUIRE(top == 16 + 1);  // ceil(sqrt(256)) top clusters and the refinement
  for (std::size_t i = 0; i < top; ++i) REQUIRE(steps[i] == std::tuple{std::string("train"), i + 1, top});
  REQUIRE(std::vector(steps.begin() + static_cast<std::ptrdiff_t>(top), steps.end()) ==
          std::vector<std::tuple<std::string, std::size_t, std::size_t>>{{"train", 1, 1}, {"encode", 10, 10}});
  REQUIRE(ruvector::ProgressStep{"encode", 9, 10}.fraction() == 0.9);
  REQUIRE(ruvector::ProgressStep{"", 0, 0}.fraction() == 1.0);
}
