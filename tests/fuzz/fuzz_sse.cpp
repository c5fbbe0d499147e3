// The incremental SSE parser. The input is fed whole and again in small chunks of varying size:
// the events, the error (if any), last_event_id, retry and the end-of-stream outcome must not depend
// on where the chunks were cut. Runs with the default limits and with tiny ones (so the
// line / event limits are reached).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.hpp"
#include "ruvector/a2a/sse.hpp"

namespace a2a = ruvector::a2a;

namespace {

struct Outcome {
  std::vector<a2a::SseEvent> events;
  std::optional<std::string> feed_error;
  std::optional<std::string> finish_error;
  std::string last_event_id;
  std::optional<std::uint64_t> retry_ms;
  bool operator==(const Outcome&) const = default;
};

Outcome run(std::string_view stream, const a2a::SseLimits& limits, bool chunked) {
  static constexpr std::size_t kChunkSizes[] = {1, 2, 3, 5, 8, 13, 1, 64};
  a2a::SseParser parser(limits);
  Outcome out;
  try {
    std::size_t at = 0;
    for (std::size_t i = 0; at < stream.size(); ++i) {
      const std::size_t n = chunked ? kChunkSizes[i % std::size(kChunkSizes)] : stream.size();
      parser.feed(stream.substr(at, n), out.events);
      at += n;
    }
  } catch (const ruvector::Error& e) {
    out.feed_error = e.what();
  }
  if (!out.feed_error) {
    try {
      parser.finish();
    } catch (const ruvector::Error& e) {
      out.finish_error = e.what();
    }
  }
  out.last_event_id = parser.last_event_id();
  out.retry_ms = parser.retry_ms();
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view stream(reinterpret_cast<const char*>(data), size);
  ruvector::fuzz::returns_or_ruvector_error([&] {
    for (const a2a::SseLimits limits : {a2a::SseLimits{}, a2a::SseLimits{16, 48}}) {
      if (run(stream, limits, false) != run(stream, limits, true)) {
        ruvector::fuzz::property_failed("SSE outcome depends on the chunking");
      }
    }
  });
  return 0;
}
