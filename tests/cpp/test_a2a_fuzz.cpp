// Bounded random-input fuzzing of the A2A protocol core (runs in every preset, and under ASan+UBSan
// in CI): random and mutated inputs to the SSE parser, the JSON reader, the JSON-RPC envelope and
// the typed parsers. The only acceptable failure is a ruvector::Error; anything else (another
// exception type, a crash, a sanitizer report) fails the test. Seeds are fixed: failures reproduce.
#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <cstdint>
#include <cstring>
#include <exception>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "ruvector/a2a/jcs.hpp"
#include "ruvector/a2a/jsonrpc.hpp"
#include "ruvector/a2a/sse.hpp"
#include "ruvector/a2a/types.hpp"
#include "ruvector/core/error.hpp"

namespace json = boost::json;
namespace a2a = ruvector::a2a;

namespace {

using Rng = std::mt19937_64;

std::size_t below(Rng& rng, std::size_t n) {
  return n == 0 ? 0 : std::uniform_int_distribution<std::size_t>(0, n - 1)(rng);
}

// Runs f; true if it completed, false if it threw a ruvector::Error. Any other exception fails.
template <class F>
bool survives(F f, const std::string& input) {
  try {
    f();
    return true;
  } catch (const ruvector::Error&) {
    return false;
  } catch (const std::exception& e) {
    FAIL("non-ruvector exception " << e.what() << " for input " << json::serialize(json::value(json::string(input))));
  }
  return false;
}

// ---- SSE ----

std::string random_sse(Rng& rng) {
  static const std::vector<std::string> tokens = {
      "data",      "data:",        "data: ", "event", "event: ", "id", "id: ",
      "retry",     "retry: ",      ":",      " ",     "\r",      "\n", "\r\n",
      "\n\n",      "\xEF\xBB\xBF", "\xEF",   "\xBB",  "x",       "12", std::string(1, '\0'),
      "{\"a\":1}", "\xff",         "\t",     "dat"};
  std::string s;
  const std::size_t n = below(rng, 60);
  for (std::size_t i = 0; i < n; ++i) {
    if (below(rng, 8) == 0) {
      s.push_back(static_cast<char>(below(rng, 256)));
    } else {
      s += tokens[below(rng, tokens.size())];
    }
  }
  if (below(rng, 4) != 0) s += "\n\n";  // most streams end cleanly
  return s;
}

struct SseOutcome {
  std::vector<a2a::SseEvent> events;
  std::string error;  // "" if none
  std::string last_id;
  bool operator==(const SseOutcome&) const = default;
};

SseOutcome run_sse(std::string_view stream, const std::vector<std::size_t>& cuts, const a2a::SseLimits& limits) {
  a2a::SseParser parser(limits);
  SseOutcome out;
  try {
    std::size_t at = 0;
    for (const std::size_t cut : cuts) {
      parser.feed(stream.substr(at, cut - at), out.events);
      at = cut;
    }
    parser.feed(stream.substr(at), out.events);
    parser.finish();
  } catch (const ruvector::Error& e) {
    out.error = std::string(e.name()) + ": " + e.what();
  }
  out.last_id = parser.last_event_id();
  return out;
}

// ---- JSON documents to mutate ----

const std::vector<std::string>& seeds() {
  static const std::vector<std::string> docs = {
      R"({"jsonrpc":"2.0","id":1,"result":{"task":{"id":"t","contextId":"c","status":{"state":"TASK_STATE_WORKING","message":{"messageId":"m","role":"ROLE_AGENT","parts":[{"text":"hi"},{"data":{"a":[1,2]}}]}},"artifacts":[{"artifactId":"a","parts":[{"url":"u","mediaType":"x"}]}]}}})",
      R"({"jsonrpc":"2.0","id":1,"result":{"statusUpdate":{"taskId":"t","contextId":"c","status":{"state":"TASK_STATE_COMPLETED"}}}})",
      R"({"jsonrpc":"2.0","id":1,"result":{"artifactUpdate":{"taskId":"t","contextId":"c","artifact":{"artifactId":"a","parts":[{"raw":"AA=="}]},"append":true,"lastChunk":true}}})",
      R"({"jsonrpc":"2.0","id":1,"result":{"kind":"status-update","taskId":"t","contextId":"c","status":{"state":"completed"},"final":true}})",
      R"({"jsonrpc":"2.0","id":1,"result":{"kind":"message","messageId":"m","role":"agent","parts":[{"kind":"file","file":{"uri":"u","name":"n"}},{"kind":"data","data":{}}]}})",
      R"({"jsonrpc":"2.0","id":1,"error":{"code":-32001,"message":"Task not found","data":[1,"x",null]}})",
      R"({"jsonrpc":"2.0","id":1,"result":{"tasks":[{"id":"t","status":{"state":"TASK_STATE_FAILED"}}],"nextPageToken":"","pageSize":1,"totalSize":1}})",
      R"({"name":"A","description":"D","version":"1","supportedInterfaces":[{"url":"https://a/","protocolBinding":"JSONRPC","protocolVersion":"1.0"}],"capabilities":{"streaming":true,"extensions":[{"uri":"e","params":{"x":1e300}}]},"defaultInputModes":["text"],"defaultOutputModes":["text"],"skills":[{"id":"s","name":"n","description":"d","tags":["t"]}],"signatures":[{"protected":"p","signature":"s"}]})",
      R"({"protocolVersion":"0.3.0","name":"B","description":"D","version":"1","url":"https://b/","capabilities":{},"defaultInputModes":[],"defaultOutputModes":[],"skills":[]})",
  };
  return docs;
}

std::string mutate(std::string s, Rng& rng) {
  static const std::string alphabet = "{}[]\":,0123456789.eE+-truefalsnl \\u\xc3\xa9\xff\x01";
  const std::size_t edits = 1 + below(rng, 4);
  for (std::size_t k = 0; k < edits; ++k) {
    const std::size_t at = below(rng, s.size() + 1);
    switch (below(rng, 6)) {
      case 0:  // flip a byte
        if (!s.empty()) s[below(rng, s.size())] = static_cast<char>(below(rng, 256));
        break;
      case 1:  // insert a JSON-ish byte
        s.insert(at, 1, alphabet[below(rng, alphabet.size())]);
        break;
      case 2:  // delete a span
        if (at < s.size()) s.erase(at, 1 + below(rng, 8));
        break;
      case 3:  // truncate
        s.resize(at);
        break;
      case 4: {  // duplicate a span
        if (at < s.size()) {
          const std::string span = s.substr(at, 1 + below(rng, 20));
          s.insert(below(rng, s.size() + 1), span);
        }
        break;
      }
      default:  // replace a token with a different kind of value
        static const std::vector<std::string> values = {
            "null", "0", "-1", "1e999", "\"\"", "[]", "{}", "true", "\"x\"", "18446744073709551616", "-0", "1.5"};
        s.insert(at, values[below(rng, values.size())]);
    }
  }
  return s;
}

// Structural mutation: replace a random sub-value with a value of another kind, or drop a member.
void mutate_value(json::value& v, Rng& rng, int depth = 0) {
  if (depth > 12) return;
  if (v.is_object() && !v.get_object().empty()) {
    json::object& o = v.get_object();
    auto it = o.begin() + static_cast<std::ptrdiff_t>(below(rng, o.size()));
    switch (below(rng, 4)) {
      case 0: o.erase(it); return;
      case 1: it->value() = nullptr; return;
      case 2:
        it->value() = below(rng, 2) == 0 ? json::value(json::array{1, "x"}) : json::value(json::string("zz"));
        return;
      default: mutate_value(it->value(), rng, depth + 1); return;
    }
  }
  if (v.is_array() && !v.get_array().empty()) {
    json::array& a = v.get_array();
    json::value& item = a[below(rng, a.size())];
    if (below(rng, 3) == 0) {
      item = json::object{{"kind", "text"}};
    } else {
      mutate_value(item, rng, depth + 1);
    }
    return;
  }
  v = below(rng, 2) == 0 ? json::value(42) : json::value(json::object{});
}

// Everything a client does with a response body.
void consume(const json::value& doc) {
  try {
    const json::value result = a2a::check_response(doc, 1);
    (void)a2a::canonicalize(result);
    try {
      const a2a::StreamResponse r = a2a::parse_stream_response(result);
      const json::object back = a2a::to_json(r, a2a::ProtocolVersion::kV1_0);
      (void)a2a::parse_stream_response(back);  // what we write, we read
      (void)r.task_id();
    } catch (const ruvector::Error&) {
    }
    try {
      (void)a2a::parse_list_tasks_result(result);
    } catch (const ruvector::Error&) {
    }
  } catch (const ruvector::Error&) {
  }
  const a2a::AgentCard card = a2a::parse_agent_card(doc);
  (void)a2a::parse_agent_card(a2a::to_json(card));
  (void)a2a::canonicalize(a2a::to_json(card));
  (void)a2a::select_jsonrpc_endpoint(card);
}

}  // namespace

TEST_CASE("fuzz: SSE parser on random streams, chunked at random", "[a2a][fuzz]") {
  Rng rng(20240601);
  const a2a::SseLimits limits{48, 160};
  std::size_t events = 0;
  std::size_t errors = 0;
  for (int trial = 0; trial < 3000; ++trial) {
    const std::string stream = random_sse(rng);
    const SseOutcome whole = run_sse(stream, {}, limits);
    events += whole.events.size();
    errors += whole.error.empty() ? 0 : 1;
    for (int k = 0; k < 3; ++k) {
      std::vector<std::size_t> cuts;
      std::size_t at = 0;
      while (true) {
        at += below(rng, 6);
        if (at >= stream.size()) break;
        cuts.push_back(at);
      }
      const SseOutcome chunked = run_sse(stream, cuts, limits);
      INFO("stream " << json::serialize(json::value(json::string(stream))));
      REQUIRE(chunked == whole);
    }
  }
  INFO("events " << events << ", errors " << errors);
  CHECK(events > 500);  // the generator does produce events ...
  CHECK(errors > 100);  // ... and limit / cut-stream errors
}

TEST_CASE("fuzz: JSON reader, JSON-RPC envelope and typed parsers on mutated documents", "[a2a][fuzz]") {
  Rng rng(7);
  std::size_t parsed = 0;
  std::size_t accepted = 0;
  for (int trial = 0; trial < 4000; ++trial) {
    const std::string& seed = seeds()[below(rng, seeds().size())];
    const std::string text = trial < 200 ? seed : mutate(seed, rng);
    json::value doc;
    if (!survives([&] { doc = a2a::parse_json(text, "fuzz"); }, text)) continue;
    ++parsed;
    if (survives([&] { consume(doc); }, text)) ++accepted;
    for (int k = 0; k < 3; ++k) {
      json::value changed = doc;
      mutate_value(changed, rng);
      (void)survives([&] { consume(changed); }, text);
    }
  }
  INFO("parsed " << parsed << ", accepted " << accepted);
  CHECK(parsed > 500);
  CHECK(accepted > 0);
}

TEST_CASE("fuzz: random bytes and random doubles", "[a2a][fuzz]") {
  Rng rng(99);
  for (int trial = 0; trial < 3000; ++trial) {
    std::string bytes(below(rng, 40), '\0');
    for (char& c : bytes) c = static_cast<char>(below(rng, 256));
    (void)survives([&] { (void)a2a::parse_response(bytes, 1); }, bytes);
  }
  // Every finite double: format_number's text reads back (parse_json) to the same double.
  std::size_t mismatches = 0;
  for (int trial = 0; trial < 20000; ++trial) {
    const std::uint64_t bits = rng();
    double x = 0;
    std::memcpy(&x, &bits, sizeof x);
    if (x != x || x - x != 0) continue;  // NaN, infinities
    const std::string text = a2a::format_number(x);
    const double back = a2a::parse_json(text).to_number<double>();
    if (back != x) ++mismatches;
  }
  CHECK(mismatches == 0);
}
