// Coalesced searches (search_coalescer.hpp): concurrent searches of one group answer as batches
// with one coherence check each, every caller gets exactly its own rows' answer, and one caller's bad
// input or a failing backend reaches only the searches it concerns. Also: a caller's row width is
// checked against the collection's dim instead of re-cutting the rows.
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <condition_variable>
#include <limits>
#include <mutex>
#include <thread>
#include <vector>

#include "error_of.hpp"
#include "normal_values.hpp"
#include "ruvector/lake/lake.hpp"
#include "ruvector/lake/local_backend.hpp"

using namespace ruvector;        // NOLINT(google-build-using-namespace)
using namespace ruvector::lake;  // NOLINT(google-build-using-namespace)
using ruvector::test::code_of;
using ruvector::test::normal_values;

namespace {

constexpr std::size_t kDim = 16;

std::shared_ptr<LocalBackend> docs(std::size_t n) {
  auto backend = std::make_shared<LocalBackend>("mem");
  std::vector<std::uint64_t> ids(n);
  for (std::size_t i = 0; i < n; ++i) ids[i] = std::numeric_limits<std::uint64_t>::max() - 3 * i;
  backend->put_collection("docs", kDim, ids, normal_values(n * kDim, 7));
  return backend;
}

}  // namespace

#if !defined(__EMSCRIPTEN__)  // batches run on threads, which the wasm build has not
namespace {

// A backend far away: every generation check takes a round trip, and is counted.
class DistantBackend final : public Backend {
 public:
  DistantBackend(std::shared_ptr<LocalBackend> inner, std::chrono::milliseconds round_trip)
      : inner_(std::move(inner)), round_trip_(round_trip) {}
  [[nodiscard]] std::string id() const override { return "distant"; }
  [[nodiscard]] std::vector<std::string> list_collections() const override { return inner_->list_collections(); }
  [[nodiscard]] PulledBatch pull(const std::string& c) const override { return inner_->pull(c); }
  [[nodiscard]] Generation generation(const std::string& c) const override {
    checks_.fetch_add(1);
    std::this_thread::sleep_for(round_trip_);
    if (failing_.load()) throw Error(ErrorCode::kRuVectorError, "backend unreachable");
    return inner_->generation(c);
  }
  [[nodiscard]] std::size_t dimension(const std::string& c) const override { return inner_->dimension(c); }
  [[nodiscard]] int checks() const { return checks_.load(); }
  void set_failing(bool failing) { failing_.store(failing); }

 private:
  std::shared_ptr<LocalBackend> inner_;
  std::chrono::milliseconds round_trip_;
  mutable std::atomic<int> checks_{0};
  std::atomic<bool> failing_{false};
};

// Collects the answers of n coalesced searches; wait() returns once all have arrived.
class Answers {
 public:
  explicit Answers(std::size_t n) : results_(n), errors_(n) {}
  SearchCoalescer::Done slot(std::size_t i) {
    return [this, i](SearchResults&& r, std::exception_ptr e) {
      const std::scoped_lock lock(mutex_);
      results_[i] = std::move(r);
      errors_[i] = std::move(e);
      ++arrived_;
      all_.notify_all();
    };
  }
  bool wait(std::chrono::seconds timeout) {
    std::unique_lock lock(mutex_);
    return all_.wait_for(lock, timeout, [&] { return arrived_ == results_.size(); });
  }
  const SearchResults& result(std::size_t i) const { return results_[i]; }
  const std::exception_ptr& error(std::size_t i) const { return errors_[i]; }

 private:
  std::mutex mutex_;
  std::condition_variable all_;
  std::size_t arrived_ = 0;
  std::vector<SearchResults> results_;
  std::vector<std::exception_ptr> errors_;
};

ErrorCode code_in(const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const Error& e) {
    return e.code();
  }
}

}  // namespace

TEST_CASE("lake coalescing: 100 concurrent searches answer as few batches, each with its own rows",
          "[lake][coalesce][concurrency]") {
  auto distant = std::make_shared<DistantBackend>(docs(400), std::chrono::milliseconds(5));
  Lake lake;  // Fresh: every search (every batch) checks the generation
  lake.register_backend(distant);
  const CollectionKey key{"distant", "docs"};
  const std::size_t n = 100;
  const auto queries = normal_values(n * kDim, 8);
  std::vector<SearchResults> alone(n);
  for (std::size_t i = 0; i < n; ++i) alone[i] = lake.search(key, std::span(queries).subspan(i * kDim, kDim), 5);
  const int checks_before = distant->checks();
  REQUIRE(checks_before == static_cast<int>(n));  // one check per search (the first one primes)

  Answers answers(n);
  for (std::size_t i = 0; i < n; ++i)
    lake.search_coalesced(key, std::span(queries).subspan(i * kDim, kDim), kDim, 5, {}, answers.slot(i));
  REQUIRE(answers.wait(std::chrono::seconds(60)));
  for (std::size_t i = 0; i < n; ++i) {
    REQUIRE_FALSE(answers.error(i));
    CHECK(answers.result(i).queries == 1);
    CHECK(answers.result(i).ids == alone[i].ids);  // ids near 2^64 come back whole
    CHECK(answers.result(i).distances == alone[i].distances);
  }
  // The first search starts a batch at once; the 99 others queue during its 5 ms check and go as
  // the next batch. A scheduler that delays the submitting thread may split them further.
  const auto counts = lake.coalesced_counts();
  CHECK(counts.searches == n);
  CHECK(counts.batches <= 10);
  CHECK(distant->checks() - checks_before == static_cast<int>(counts.batches));
}

TEST_CASE("lake coalescing: multi-row searches and groups of other k stay apart", "[lake][coalesce][concurrency]") {
  Lake lake;
  lake.register_backend(docs(300));
  const CollectionKey key{"mem", "docs"};
  const auto two_rows = normal_values(2 * kDim, 9);
  const auto one_row = normal_values(kDim, 10);
  Answers answers(3);
  lake.search_coalesced(key, two_rows, kDim, 4, {}, answers.slot(0));
  lake.search_coalesced(key, one_row, kDim, 7, {}, answers.slot(1));
  lake.search_coalesced(key, one_row, kDim, 4, {8, 3.0, 1}, answers.slot(2));
  REQUIRE(answers.wait(std::chrono::seconds(60)));
  for (std::size_t i = 0; i < 3; ++i) REQUIRE_FALSE(answers.error(i));
  CHECK(answers.result(0).queries == 2);
  CHECK(answers.result(0).ids == lake.search(key, two_rows, 4).ids);
  CHECK(answers.result(1).k == 7);
  CHECK(answers.result(1).ids == lake.search(key, one_row, 7).ids);
  CHECK(answers.result(2).ids == lake.search(key, one_row, 4, {8, 3.0, 1}).ids);
}

TEST_CASE("lake coalescing: bad input fails at submit and nobody else's search", "[lake][coalesce][concurrency]") {
  Lake lake;
  lake.register_backend(docs(200));
  const CollectionKey key{"mem", "docs"};
  auto with_nan = normal_values(kDim, 11);
  with_nan[3] = std::numeric_limits<float>::quiet_NaN();
  const auto good = normal_values(kDim, 12);
  const auto ignore = [](SearchResults&&, const std::exception_ptr&) {};
  CHECK(code_of([&] { lake.search_coalesced(key, with_nan, kDim, 5, {}, ignore); }) == ErrorCode::kInvalidInput);
  CHECK(code_of([&] { lake.search_coalesced(key, good, kDim, 0, {}, ignore); }) == ErrorCode::kInvalidInput);
  CHECK(code_of([&] { lake.search_coalesced(key, {}, kDim, 5, {}, ignore); }) == ErrorCode::kInvalidInput);
  CHECK(code_of([&] { lake.search_coalesced(key, good, kDim - 1, 5, {}, ignore); }) ==
        ErrorCode::kDimensionMismatch);  // 16 floats are not whole rows of 15

  // Rows of the wrong width form a group of their own: they fail, the right-width search answers.
  const auto half_rows = normal_values(kDim, 13);  // two rows of 8 on a 16-d collection
  Answers answers(2);
  lake.search_coalesced(key, half_rows, kDim / 2, 5, {}, answers.slot(0));
  lake.search_coalesced(key, good, kDim, 5, {}, answers.slot(1));
  REQUIRE(answers.wait(std::chrono::seconds(60)));
  REQUIRE(answers.error(0));
  CHECK(code_in(answers.error(0)) == ErrorCode::kDimensionMismatch);
  REQUIRE_FALSE(answers.error(1));
  CHECK(answers.result(1).ids == lake.search(key, good, 5).ids);
}

TEST_CASE("lake coalescing: a failing coherence check reaches every search of its batch",
          "[lake][coalesce][concurrency]") {
  auto distant = std::make_shared<DistantBackend>(docs(200), std::chrono::milliseconds(1));
  Lake lake;
  lake.register_backend(distant);
  const CollectionKey key{"distant", "docs"};
  const auto queries = normal_values(8 * kDim, 14);
  (void)lake.search(key, std::span(queries).first(kDim), 3);
  distant->set_failing(true);
  Answers answers(8);
  for (std::size_t i = 0; i < 8; ++i)
    lake.search_coalesced(key, std::span(queries).subspan(i * kDim, kDim), kDim, 3, {}, answers.slot(i));
  REQUIRE(answers.wait(std::chrono::seconds(60)));
  for (std::size_t i = 0; i < 8; ++i) {
    REQUIRE(answers.error(i));
    CHECK(code_in(answers.error(i)) == ErrorCode::kRuVectorError);
  }
  distant->set_failing(false);
  Answers after(1);
  lake.search_coalesced(key, std::span(queries).first(kDim), kDim, 3, {}, after.slot(0));
  REQUIRE(after.wait(std::chrono::seconds(60)));
  CHECK_FALSE(after.error(0));
}

#endif

TEST_CASE("lake: a caller's row width must be the collection's dim", "[lake]") {
  Lake lake;
  lake.register_backend(docs(100));
  const CollectionKey key{"mem", "docs"};
  const auto rows = normal_values(kDim, 15);
  CHECK(lake.search(key, rows, 3, {}, kDim).queries == 1);
  CHECK(code_of([&] { (void)lake.search(key, rows, 3, {}, kDim / 2); }) == ErrorCode::kDimensionMismatch);
  const std::vector<CollectionKey> targets{key};
  CHECK(code_of([&] { (void)lake.search_federated(targets, rows, 3, {}, kDim / 2); }) == ErrorCode::kDimensionMismatch);
}
