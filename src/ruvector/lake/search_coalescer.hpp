// Concurrent searches of one collection, answered in batches. A search that finds its group idle
// starts at once on a batch thread; searches of the group that arrive while that batch runs queue,
// and when it ends the queue goes as the next batch: one Lake::search for all of them, so one
// coherence check (a Fresh check may be a network round trip) and one core call that spreads its
// threads over the rows. Nothing waits for a timer: a lone search is a batch of one. This is what
// lets 100 concurrent search_async of one event loop cost about what the same rows cost in one call,
// instead of a thread-pool hop, a coherence check and a core call each.
//
// A group is (key, row width, k, nprobe, rerank factor): every row of a batch asks the same question.
// Native only: batches run on their own threads, and wasm has none (its rings call Lake::search).
#pragma once

#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <span>

#include "ruvector/flat/flat_index.hpp"
#include "ruvector/lake/stats.hpp"
#include "ruvector/rabitq/rabitq_index.hpp"

namespace ruvector::lake {

class Lake;

class SearchCoalescer {
 public:
  // Called once per submitted search, on a batch thread: its rows' results, or the error its batch
  // raised (every search of a failed batch gets that error, as each would have alone). Must not throw.
  using Done = std::function<void(SearchResults&& results, std::exception_ptr error)>;

  // `lake` must outlive every search submitted here until that search's Done has returned.
  explicit SearchCoalescer(Lake& lake);
  SearchCoalescer(const SearchCoalescer&) = delete;
  SearchCoalescer& operator=(const SearchCoalescer&) = delete;
  SearchCoalescer(SearchCoalescer&&) = delete;
  SearchCoalescer& operator=(SearchCoalescer&&) = delete;
  ~SearchCoalescer();

  // Checks the search now, so one caller's bad input never fails another's batch: InvalidInput for
  // no rows, NaN/Inf or k < 1; DimensionMismatch unless `queries` holds whole rows of `width`. Then
  // copies the rows and queues them; `done` runs later, on a batch thread. RuVectorError if the
  // system refuses the batch thread (nothing is queued then).
  void submit(const CollectionKey& key, std::span<const float> queries, std::size_t width, std::int64_t k,
              const rabitq::SearchParams& params, Done done);

  // Batches run so far, and searches they answered: a test of the coalescing, not a tuning knob.
  struct Counts {
    std::uint64_t batches = 0;
    std::uint64_t searches = 0;
  };
  [[nodiscard]] Counts counts() const;

  struct State;  // opaque: the queues, shared with the batch threads

 private:
  // Shared with the batch threads, which may outlive this object by their last few instructions.
  std::shared_ptr<State> state_;
};

}  // namespace ruvector::lake
