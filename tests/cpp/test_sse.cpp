// SSE parser: each test stream is parsed whole, split at every byte position, split into three at
// every pair of positions (short streams), byte by byte, and at random positions: every way of
// chunking it must give the same events, last event id and retry value.
#include <catch2/catch.hpp>
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "ruvector/a2a/sse.hpp"
#include "ruvector/core/error.hpp"

using ruvector::ErrorCode;
using ruvector::a2a::SseEvent;
using ruvector::a2a::SseLimits;
using ruvector::a2a::SseParser;

namespace {

struct Outcome {
  std::vector<SseEvent> events;
  std::string last_event_id;
  std::optional<std::uint64_t> retry;
  bool cut = false;  // finish() reported a stream cut mid-event
  bool operator==(const Outcome&) const = default;
};

Outcome run(std::string_view stream, const std::vector<std::size_t>& cuts) {
  SseParser parser;
  Outcome out;
  std::size_t at = 0;
  for (const std::size_t cut : cuts) {
    parser.feed(stream.substr(at, cut - at), out.events);
    at = cut;
  }
  parser.feed(stream.substr(at), out.events);
  try {
    parser.finish();
  } catch (const ruvector::Error& e) {
    REQUIRE(e.code() == ErrorCode::kTransportError);
    out.cut = true;
  }
  out.last_event_id = parser.last_event_id();
  out.retry = parser.retry_ms();
  return out;
}

SseEvent ev(std::string data, std::string type = "message", std::string id = "") {
  return SseEvent{std::move(type), std::move(data), std::move(id)};
}

// Whole, every 2-split, every 3-split (if short), byte by byte and random splits all agree.
void check_all_splits(std::string_view stream, const Outcome& expected) {
  INFO("stream: " << std::string(stream));
  const Outcome whole = run(stream, {});
  CHECK(whole == expected);
  for (std::size_t p = 0; p <= stream.size(); ++p) {
    INFO("split at " << p);
    REQUIRE(run(stream, {p}) == whole);
  }
  if (stream.size() <= 80) {
    for (std::size_t p = 0; p <= stream.size(); ++p) {
      for (std::size_t q = p; q <= stream.size(); ++q) {
        INFO("split at " << p << " and " << q);
        REQUIRE(run(stream, {p, q}) == whole);
      }
    }
  }
  std::vector<std::size_t> bytewise;
  for (std::size_t p = 1; p < stream.size(); ++p) bytewise.push_back(p);
  CHECK(run(stream, bytewise) == whole);
  std::mt19937 rng(12345);
  for (int trial = 0; trial < 200; ++trial) {
    std::vector<std::size_t> cuts;
    std::size_t at = 0;
    while (true) {
      at += std::uniform_int_distribution<std::size_t>(0, 7)(rng);
      if (at >= stream.size()) break;
      cuts.push_back(at);
    }
    REQUIRE(run(stream, cuts) == whole);
  }
}

struct Case {
  std::string stream;
  Outcome expected;
};

}  // namespace

TEST_CASE("SSE: streams parse the same however they are chunked", "[sse]") {
  using namespace std::string_literals;
  const std::vector<Case> cases = {
      {"data: hello\n\n", {{ev("hello")}, "", std::nullopt, false}},
      {"data: a\ndata: b\ndata\ndata:c\n\n", {{ev("a\nb\n\nc")}, "", std::nullopt, false}},
      {"event: update\nid: 42\ndata: {\"x\":1}\n\n", {{ev("{\"x\":1}", "update", "42")}, "42", std::nullopt, false}},
      {": keep-alive\n\ndata: x\n: comment in the middle\n\n", {{ev("x")}, "", std::nullopt, false}},
      {"data: a\r\n\r\ndata: b\r\rdata: c\n\n", {{ev("a"), ev("b"), ev("c")}, "", std::nullopt, false}},
      {"data: a\r\ndata: b\n\r\n", {{ev("a\nb")}, "", std::nullopt, false}},
      {"\xEF\xBB\xBF"
       "data: bom\n\n",
       {{ev("bom")}, "", std::nullopt, false}},
      {"data: \xEF\xBB\xBFx\n\n", {{ev("\xEF\xBB\xBFx")}, "", std::nullopt, false}},
      // Only one BOM is skipped: a second one makes the field name unknown.
      {"\xEF\xBB\xBF\xEF\xBB\xBF"
       "data: x\n\ndata: y\n\n",
       {{ev("y")}, "", std::nullopt, false}},
      // Bytes that start like a BOM but are not one are text.
      {"\xEF\xBB"
       "data: x\n\ndata: z\n\n",
       {{ev("z")}, "", std::nullopt, false}},
      {"data\n\n", {{ev("")}, "", std::nullopt, false}},
      {"event\ndata: x\n\n", {{ev("x")}, "", std::nullopt, false}},
      {"data:no-space\ndata:  two\n\n", {{ev("no-space\n two")}, "", std::nullopt, false}},
      {"id: 1\ndata: a\n\ndata: b\n\nid\ndata: c\n\n",
       {{ev("a", "message", "1"), ev("b", "message", "1"), ev("c")}, "", std::nullopt, false}},
      {"id: 1\n\nid: a\0b\ndata: x\n\n"s, {{ev("x", "message", "1")}, "1", std::nullopt, false}},
      {"retry: 3000\n\nretry: 3x\n\nretry:\n\n", {{}, "", 3000, false}},
      {"id: 7\n\n", {{}, "7", std::nullopt, false}},
      {"event: ping\n\n", {{}, "", std::nullopt, false}},
      {"foo: bar\ndata: x\nDATA: y\n\n", {{ev("x")}, "", std::nullopt, false}},
      {"\n\n\ndata: x\n\n\n", {{ev("x")}, "", std::nullopt, false}},
      {"data: x\r\r", {{ev("x")}, "", std::nullopt, false}},
      {"data: x\n\ndata: y", {{ev("x")}, "", std::nullopt, true}},
      {"data: x\n\ndata: y\n", {{ev("x")}, "", std::nullopt, true}},
      {"data: x\n\nid: 9\n", {{ev("x")}, "", std::nullopt, true}},
      {"data: x\n\n: trailing comment", {{ev("x")}, "", std::nullopt, true}},
      {"\xEF\xBB", {{}, "", std::nullopt, true}},
      {"", {{}, "", std::nullopt, false}},
      {"\xEF\xBB\xBF", {{}, "", std::nullopt, false}},
      {"event: status-update\r\nid: ev-1\r\ndata: {\"jsonrpc\":\"2.0\",\"id\":1,\r\ndata: \"result\":{}}\r\n\r\n"
       ": ping\r\n\r\nevent: status-update\r\nid: ev-2\r\ndata: {}\r\n\r\n",
       {{ev("{\"jsonrpc\":\"2.0\",\"id\":1,\n\"result\":{}}", "status-update", "ev-1"),
         ev("{}", "status-update", "ev-2")},
        "ev-2",
        std::nullopt,
        false}},
  };
  for (const Case& c : cases) check_all_splits(c.stream, c.expected);
}

TEST_CASE("SSE: a long JSON-RPC stream survives random chunking", "[sse]") {
  std::string stream;
  std::vector<SseEvent> expected;
  for (int i = 0; i < 300; ++i) {
    const std::string id = "e" + std::to_string(i);
    const std::string data =
        "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"statusUpdate\":{\"n\":" + std::to_string(i) + "}}}";
    const char* eol = (i % 3 == 0) ? "\r\n" : (i % 3 == 1) ? "\n" : "\r";
    stream += std::string("id: ") + id + eol + "data: " + data + eol + eol;
    if (i % 10 == 0) stream += std::string(": keep-alive") + eol;
    expected.push_back(ev(data, "message", id));
  }
  std::mt19937 rng(99);
  for (int trial = 0; trial < 50; ++trial) {
    std::vector<std::size_t> cuts;
    std::size_t at = 0;
    while (true) {
      at += std::uniform_int_distribution<std::size_t>(1, 300)(rng);
      if (at >= stream.size()) break;
      cuts.push_back(at);
    }
    const Outcome got = run(stream, cuts);
    REQUIRE(got.events == expected);
    REQUIRE(got.last_event_id == "e299");
    REQUIRE_FALSE(got.cut);
  }
}

TEST_CASE("SSE: limits give a clear ProtocolError and the parser stays failed", "[sse]") {
  SECTION("line limit, even while the line is still arriving") {
    SseParser parser(SseLimits{10, 1000});
    std::vector<SseEvent> out;
    parser.feed("data: 0123", out);
    try {
      parser.feed("456789", out);
      FAIL("expected an error");
    } catch (const ruvector::Error& e) {
      CHECK(e.code() == ErrorCode::kProtocolError);
      CHECK_THAT(e.what(), Catch::Contains("max_line_bytes=10"));
    }
    CHECK_THROWS_WITH(parser.feed("\n\n", out), Catch::Contains("max_line_bytes=10"));
    CHECK(out.empty());
  }
  SECTION("event limit") {
    SseParser parser(SseLimits{100, 20});
    std::vector<SseEvent> out;
    parser.feed("data: 0123456789\n\ndata: 0123456789\n", out);
    REQUIRE(out.size() == 1);
    try {
      parser.feed("data: 0123456789\n", out);
      FAIL("expected an error");
    } catch (const ruvector::Error& e) {
      CHECK(e.code() == ErrorCode::kProtocolError);
      CHECK_THAT(e.what(), Catch::Contains("max_event_bytes=20"));
    }
    CHECK_THROWS_AS(parser.finish(), ruvector::Error);
  }
}

TEST_CASE("SSE: finish reports a cut stream, then the parser serves a new connection", "[sse]") {
  SseParser parser;
  std::vector<SseEvent> out;
  parser.feed("id: 5\ndata: one\n\ndata: tw", out);
  REQUIRE(out.size() == 1);
  CHECK(parser.mid_event());
  try {
    parser.finish();
    FAIL("expected an error");
  } catch (const ruvector::Error& e) {
    CHECK(e.code() == ErrorCode::kTransportError);
    CHECK_THAT(e.what(), Catch::Contains("middle of an event"));
  }
  CHECK(parser.last_event_id() == "5");  // what a reconnect sends as Last-Event-ID
  CHECK_FALSE(parser.mid_event());
  out.clear();
  parser.feed(
      "\xEF\xBB\xBF"
      "data: again\n\n",
      out);  // a new stream may start with a BOM again
  REQUIRE(out.size() == 1);
  CHECK(out[0].data == "again");
  CHECK(out[0].id.empty());  // the id buffer is per stream
  CHECK_NOTHROW(parser.finish());
}
