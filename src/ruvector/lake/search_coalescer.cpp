#include "ruvector/lake/search_coalescer.hpp"

#include <algorithm>
#include <map>
#include <mutex>
#include <string>
#include <system_error>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

#include "ruvector/core/check.hpp"
#include "ruvector/core/error.hpp"
#include "ruvector/lake/lake.hpp"

namespace ruvector::lake {

namespace {

struct Group {
  CollectionKey key;
  std::size_t width = 0;
  std::int64_t k = 0;
  std::int64_t nprobe = 0;
  double rerank_factor = 0.0;
  unsigned threads = 0;

  friend bool operator<(const Group& a, const Group& b) {
    return std::tie(a.key, a.width, a.k, a.nprobe, a.rerank_factor, a.threads) <
           std::tie(b.key, b.width, b.k, b.nprobe, b.rerank_factor, b.threads);
  }
};

struct Pending {
  std::vector<float> rows;
  SearchCoalescer::Done done;
};

// Row r of `all` as a result of its own.
SearchResults rows_of(const SearchResults& all, std::size_t first, std::size_t count) {
  SearchResults part;
  part.queries = count;
  part.k = all.k;
  const auto begin = static_cast<std::ptrdiff_t>(first * all.k);
  const auto end = static_cast<std::ptrdiff_t>((first + count) * all.k);
  part.ids.assign(all.ids.begin() + begin, all.ids.begin() + end);
  part.distances.assign(all.distances.begin() + begin, all.distances.begin() + end);
  return part;
}

void finish(const SearchCoalescer::Done& done, SearchResults&& results, const std::exception_ptr& error) noexcept {
  try {
    done(std::move(results), error);
  } catch (...) {  // NOLINT(bugprone-empty-catch): Done must not throw; a batch thread has no caller to tell
  }
}

}  // namespace

struct SearchCoalescer::State {
  explicit State(Lake& l) : lake(&l) {}
  Lake* lake;
  mutable std::mutex mutex;
  // A group is here while its batch thread runs; its vector holds what queued since that batch began.
  std::map<Group, std::vector<Pending>> queued;
  Counts counts;
};

namespace {

void answer(Lake& lake, const Group& group, const std::vector<Pending>& batch) {
  std::vector<float> rows;
  std::size_t total = 0;
  for (const Pending& p : batch) total += p.rows.size();
  rows.reserve(total);
  for (const Pending& p : batch) rows.insert(rows.end(), p.rows.begin(), p.rows.end());
  SearchResults all;
  try {
    all = lake.search(group.key, rows, group.k, {group.nprobe, group.rerank_factor, group.threads}, group.width);
  } catch (...) {
    const std::exception_ptr error = std::current_exception();
    for (const Pending& p : batch) finish(p.done, {}, error);
    return;
  }
  std::size_t first = 0;
  for (const Pending& p : batch) {
    const std::size_t count = p.rows.size() / group.width;
    finish(p.done, rows_of(all, first, count), nullptr);
    first += count;
  }
}

// The group's batch thread: answers what queued until nothing has. After the last Done it touches
// only `state`, which it shares: that Done may have let the lake (and the coalescer) go.
void run_group(const std::shared_ptr<SearchCoalescer::State>& state, const Group& group) {
  std::vector<Pending> batch;
  for (;;) {
    {
      const std::scoped_lock lock(state->mutex);
      const auto it = state->queued.find(group);
      if (it->second.empty()) {
        state->queued.erase(it);
        return;
      }
      batch.swap(it->second);
      state->counts.batches += 1;
      state->counts.searches += batch.size();
    }
    answer(*state->lake, group, batch);
    batch.clear();
  }
}

}  // namespace

SearchCoalescer::SearchCoalescer(Lake& lake) : state_(std::make_shared<State>(lake)) {}

SearchCoalescer::~SearchCoalescer() = default;

void SearchCoalescer::submit(const CollectionKey& key, std::span<const float> queries, std::size_t width,
                             std::int64_t k, const rabitq::SearchParams& params, Done done) {
  check_k(k);
  (void)check_rows(queries, checked_dim(static_cast<std::int64_t>(width)), "queries");
  check_finite(queries, width, "queries");
  check_threads(params.threads);
  if (params.accept) throw_error(ErrorCode::kInvalidInput, "a coalesced search takes no id filter");
  const Group group{key, width, k, params.nprobe, params.rerank_factor, params.threads};
  Pending pending{std::vector<float>(queries.begin(), queries.end()), std::move(done)};

  const std::scoped_lock lock(state_->mutex);
  auto [it, idle] = state_->queued.try_emplace(group);
  it->second.push_back(std::move(pending));
  if (!idle) return;  // the group's batch thread takes it with the next batch
  try {
    std::thread(run_group, state_, group).detach();
  } catch (const std::system_error& e) {
    state_->queued.erase(it);
    throw_error(ErrorCode::kRuVectorError, std::string("cannot start a search batch thread: ") + e.what());
  }
}

SearchCoalescer::Counts SearchCoalescer::counts() const {
  const std::scoped_lock lock(state_->mutex);
  return state_->counts;
}

}  // namespace ruvector::lake
