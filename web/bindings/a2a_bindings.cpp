// Embind glue for the A2A client core: strings and heap bytes in; events out built here once from
// the core's Event, a whole list in one text and one Uint32Array (event_batch: the wrapper slices
// the strings and parses `value` only when it is read). The protocol logic is
// src/ruvector/a2a/client_json.hpp; the fetch transport is web/js/a2a.mjs. Nothing throws into JS
// (guarded.hpp): every method returns its value or an {error: {name, message}} record.
//
// Calls and streams are filled into handles the JS side created (`client.streamMessage(stream, ...)`)
// rather than returned, so every C++ object JS owns was made by `new` in JS and is freed by
// `.delete()` there, with no ownership passed through a val. A stream keeps its client alive through
// a shared_ptr: the StreamSession points at the Client, and JS may dispose the client first.
#include <emscripten/bind.h>

#include <boost/json/serialize.hpp>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "guarded.hpp"
#include "ruvector/a2a/card_verify.hpp"
#include "ruvector/a2a/client_json.hpp"
#include "ruvector/a2a/jsonrpc.hpp"
#include "ruvector/core/error.hpp"

using emscripten::val;

namespace ruvector::wasm {
namespace {

using a2a::CardCache;
using a2a::HttpHeader;
using a2a::JsonCall;
using a2a::JsonClient;
using a2a::JsonStream;

// guarded() plus the JSON-RPC code of a JsonRpcError, so JS can tell TaskNotFound from other errors.
template <class Body>
val guarded_rpc(Body&& body) noexcept {
  return guarded([&] {
    try {
      return body();
    } catch (const a2a::JsonRpcError& e) {
      val record = error_record(e.name(), e.what());
      record["error"].set("rpcCode", static_cast<double>(e.rpc_code()));
      return record;
    }
  });
}

val optional_text(const std::optional<std::string>& s) {
  return s ? val(*s) : val::null();
}

// Events cross in a constant number of calls per list, not ~10 per event: `text` holds every
// string of every event back to back and `fields` seven numbers per event: the kind's index and
// the state's index + 1 (0: none) in a2aEventNames(), final (0/1), then the UTF-16 lengths in
// `text` of taskId, contextId, text and valueJson (kNull: null). web/js/a2a.mjs decodes it.
constexpr std::uint32_t kNull = 0xFFFFFFFFU;
constexpr std::size_t kEventKinds = static_cast<std::size_t>(a2a::EventKind::kArtifactUpdate) + 1;
constexpr std::size_t kTaskStates = static_cast<std::size_t>(a2a::TaskState::kAuthRequired) + 1;

std::uint32_t utf16_length(std::string_view utf8) {
  std::uint32_t units = 0;
  for (const char c : utf8) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte & 0xC0U) != 0x80U) ++units;  // one unit per sequence start...
    if (byte >= 0xF0U) ++units;            // ...two for a 4-byte sequence (a surrogate pair)
  }
  return units;
}

std::optional<std::string_view> state_name_of(std::size_t state) {
  a2a::Event e;
  e.state = static_cast<a2a::TaskState>(state);
  return e.state_name();
}

// {kinds: [name], states: [name | null]}: the names behind the indices of event_batch().
val event_names() {
  val kinds = val::array();
  for (std::size_t k = 0; k < kEventKinds; ++k)
    kinds.call<void>("push", std::string(a2a::event_kind_name(static_cast<a2a::EventKind>(k))));
  val states = val::array();
  for (std::size_t s = 0; s < kTaskStates; ++s) {
    const auto name = state_name_of(s);
    states.call<void>("push", name ? val(std::string(*name)) : val::null());
  }
  val out = val::object();
  out.set("kinds", kinds);
  out.set("states", states);
  return out;
}

val event_batch(std::span<const a2a::Event> events) {
  std::string text;
  std::vector<std::uint32_t> fields;
  fields.reserve(events.size() * 7);
  const auto put = [&](std::string_view s) {
    text += s;
    fields.push_back(utf16_length(s));
  };
  const auto put_optional = [&](const std::optional<std::string>& s) {
    if (s) {
      put(*s);
    } else {
      fields.push_back(kNull);
    }
  };
  for (const a2a::Event& e : events) {
    fields.push_back(static_cast<std::uint32_t>(e.kind));
    fields.push_back(e.state && e.state_name() ? static_cast<std::uint32_t>(*e.state) + 1 : 0);
    fields.push_back(e.final ? 1 : 0);
    put_optional(e.task_id);
    put_optional(e.context_id);
    put(e.text);
    put(boost::json::serialize(e.value()));
  }
  val out = val::object();
  out.set("text", val(text));
  out.set("fields", copy_to_js("Uint32Array", fields.data(), fields.size()));
  return out;
}

// finish(): {event}, {page: {tasks, nextPageToken, pageSize, totalSize}} or {resultJson}.
val call_record(const a2a::CallResult& result) {
  val out = val::object();
  if (const auto* e = std::get_if<a2a::Event>(&result)) {
    out.set("event", event_batch(std::span<const a2a::Event>(e, 1)));
  } else if (const auto* page = std::get_if<a2a::TaskPage>(&result)) {
    const auto number = [](const std::optional<std::int64_t>& n) {
      return n ? val(static_cast<double>(*n)) : val::null();
    };
    val p = val::object();
    p.set("tasks", event_batch(page->tasks));
    p.set("nextPageToken", optional_text(page->next_page_token));
    p.set("pageSize", number(page->page_size));
    p.set("totalSize", number(page->total_size));
    out.set("page", p);
  } else {
    out.set("resultJson", boost::json::serialize(std::get<boost::json::value>(result)));
  }
  return out;
}

std::string_view heap_text(std::uintptr_t address, double length) {
  const std::span<const char> bytes = heap_span<char>(address, static_cast<std::size_t>(length));
  return {bytes.data(), bytes.size()};
}

class A2ACallHandle {
 public:
  void set(JsonCall call) { call_.emplace(std::move(call)); }
  [[nodiscard]] const JsonCall& get() const {
    if (!call_) throw_error(ErrorCode::kRuVectorError, "A2A call handle is empty");
    return *call_;
  }
  val request() const {
    return guarded([&] { return val(get().request()); });
  }
  // The transfer failed: always the core's error record.
  val fail(const std::string& kind, const std::string& detail) const {
    return guarded([&] {
      get().fail(kind, detail);
      return val::undefined();
    });
  }

 private:
  std::optional<JsonCall> call_;
};

class A2AStreamHandle {
 public:
  void set(std::shared_ptr<JsonClient> owner, JsonStream stream) {
    stream_.reset();
    owner_ = std::move(owner);
    stream_.emplace(std::move(stream));
  }
  val request() const {
    return guarded([&] { return val(get().request()); });
  }
  val on_head(double status, const std::string& content_type) {
    return guarded([&] {
      get().on_head(static_cast<int>(integer_arg(status, "HTTP status", 0)), content_type);
      return val::undefined();
    });
  }
  // The chunk is copied into the heap by the JS wrapper (a fresh allocation per chunk).
  val on_data(std::uintptr_t chunk, double length) {
    return guarded_rpc([&] { return event_batch(get().on_data(heap_text(chunk, length))); });
  }
  val on_end() {
    return guarded_rpc([&] { return val(get().on_end()); });
  }
  val on_fail(const std::string& kind, const std::string& detail) {
    return guarded_rpc([&] { return val(get().on_fail(kind, detail)); });
  }
  [[nodiscard]] bool done() const { return stream_ && stream_->done(); }
  [[nodiscard]] std::string task_id() const { return stream_ ? stream_->task_id() : std::string(); }

 private:
  JsonStream& get() {
    if (!stream_) throw_error(ErrorCode::kRuVectorError, "A2A stream handle is empty");
    return *stream_;
  }
  [[nodiscard]] const JsonStream& get() const {
    if (!stream_) throw_error(ErrorCode::kRuVectorError, "A2A stream handle is empty");
    return *stream_;
  }
  // Members die in reverse order: the session goes before the client it points at.
  std::shared_ptr<JsonClient> owner_;
  std::optional<JsonStream> stream_;
};

class A2AClientHandle {
 public:
  val init(const std::string& card_json, const std::string& card_url, const std::string& options_json) {
    return guarded([&] {
      client_ = std::make_shared<JsonClient>(card_json, card_url, options_json);
      return val::undefined();
    });
  }
  val info() const {
    return guarded([&] { return val(live().info()); });
  }
  val send_message(A2ACallHandle& out, const std::string& message, const std::string& config,
                   const std::string& metadata) {
    return guarded([&] {
      out.set(live().send_message(message, config, metadata));
      return val::undefined();
    });
  }
  val get_task(A2ACallHandle& out, const std::string& task_id, double history_length) {
    return guarded([&] {
      out.set(live().get_task(task_id, integer_arg(history_length, "historyLength")));
      return val::undefined();
    });
  }
  val list_tasks(A2ACallHandle& out, const std::string& query) {
    return guarded([&] {
      out.set(live().list_tasks(query));
      return val::undefined();
    });
  }
  val cancel_task(A2ACallHandle& out, const std::string& task_id) {
    return guarded([&] {
      out.set(live().cancel_task(task_id));
      return val::undefined();
    });
  }
  val call(A2ACallHandle& out, const std::string& method, const std::string& params) {
    return guarded([&] {
      out.set(live().call(method, params));
      return val::undefined();
    });
  }
  // The body is copied into the heap by the JS wrapper.
  val finish(const A2ACallHandle& call, double status, const std::string& content_type, std::uintptr_t body,
             double length) {
    return guarded_rpc([&] {
      return call_record(live().finish(call.get(), static_cast<int>(integer_arg(status, "HTTP status", 0)),
                                       content_type, heap_text(body, length)));
    });
  }
  val stream_message(A2AStreamHandle& out, const std::string& message, const std::string& config,
                     const std::string& metadata) {
    return guarded([&] {
      out.set(client_, live().stream_message(message, config, metadata));
      return val::undefined();
    });
  }
  val subscribe(A2AStreamHandle& out, const std::string& task_id) {
    return guarded([&] {
      out.set(client_, live().subscribe(task_id));
      return val::undefined();
    });
  }

 private:
  [[nodiscard]] JsonClient& live() const {
    if (!client_) throw_error(ErrorCode::kRuVectorError, "A2A client handle is not initialized");
    return *client_;
  }
  std::shared_ptr<JsonClient> client_;
};

class A2ACardCacheHandle {
 public:
  void clear() { cache_.clear(); }
  CardCache& cache() noexcept { return cache_; }

 private:
  CardCache cache_;
};

// One agent's card discovery (a2a::CardDiscovery) over a cache handle, which must outlive it.
class A2ACardDiscoveryHandle {
 public:
  val start(A2ACardCacheHandle& cache, const std::string& base_url, const std::string& options_json, double now_ms) {
    return guarded([&] {
      discovery_.emplace(cache.cache(), base_url, a2a::parse_client_options(options_json),
                         integer_arg(now_ms, "nowMs"));
      return val(true);
    });
  }
  [[nodiscard]] bool done() const { return discovery_ && discovery_->done(); }
  // The next GET as request JSON text.
  [[nodiscard]] val request() const {
    return guarded([&] { return val(a2a::request_json(live().request())); });
  }
  // headers: a JS array of [name, value] pairs; body: heap bytes.
  val on_response(double status, const val& headers, std::uintptr_t body, double length, double now_ms) {
    return guarded([&] {
      std::vector<HttpHeader> h;
      const auto n = headers["length"].as<unsigned>();
      h.reserve(n);
      for (unsigned i = 0; i < n; ++i) {
        const val pair = headers[i];
        h.push_back({pair[0].as<std::string>(), pair[1].as<std::string>()});
      }
      live().on_response(static_cast<int>(integer_arg(status, "HTTP status", 0)), h, heap_text(body, length),
                         integer_arg(now_ms, "nowMs"));
      return val(true);
    });
  }
  // The GET of request() failed: always the core's error record.
  [[nodiscard]] val on_fail(const std::string& kind, const std::string& detail) const {
    return guarded([&] {
      live().on_fail(a2a::parse_transfer_failure(kind), detail);
      return val::undefined();
    });
  }
  [[nodiscard]] val card() const {
    return guarded([&] {
      val out = val::object();
      out.set("url", live().card_url());
      out.set("body", live().card_json());
      return out;
    });
  }

 private:
  [[nodiscard]] const a2a::CardDiscovery& live() const {
    if (!discovery_) throw_error(ErrorCode::kRuVectorError, "card discovery handle is not started");
    return *discovery_;
  }
  a2a::CardDiscovery& live() {
    if (!discovery_) throw_error(ErrorCode::kRuVectorError, "card discovery handle is not started");
    return *discovery_;
  }
  std::optional<a2a::CardDiscovery> discovery_;
};

val card_requests(const std::string& base_url, const std::string& options_json) {
  return guarded([&] { return val(a2a::card_requests_json(base_url, options_json, nullptr)); });
}

// require_signature: true, false or undefined (the core's default: required when keys are given).
val verify_card(const std::string& card_json, const std::string& keys_json, const val& require_signature) {
  return guarded([&] {
    const std::optional<bool> require =
        require_signature.isUndefined() ? std::nullopt : std::optional<bool>(require_signature.as<bool>());
    const a2a::CardVerification v =
        a2a::verify_agent_card(card_json, keys_json, a2a::signature_required(require, keys_json));
    val out = val::object();
    out.set("verified", v.verified);
    out.set("kid", v.kid);
    out.set("alg", v.alg);
    return out;
  });
}

}  // namespace
}  // namespace ruvector::wasm

EMSCRIPTEN_BINDINGS(ruvector_a2a) {
  using namespace ruvector::wasm;  // NOLINT(google-build-using-namespace): binding table
  emscripten::class_<A2ACallHandle>("A2ACallHandle")
      .constructor<>()
      .function("request", &A2ACallHandle::request)
      .function("fail", &A2ACallHandle::fail);
  emscripten::class_<A2AStreamHandle>("A2AStreamHandle")
      .constructor<>()
      .function("request", &A2AStreamHandle::request)
      .function("onHead", &A2AStreamHandle::on_head)
      .function("onData", &A2AStreamHandle::on_data)
      .function("onEnd", &A2AStreamHandle::on_end)
      .function("onFail", &A2AStreamHandle::on_fail)
      .function("done", &A2AStreamHandle::done)
      .function("taskId", &A2AStreamHandle::task_id);
  emscripten::class_<A2AClientHandle>("A2AClientHandle")
      .constructor<>()
      .function("init", &A2AClientHandle::init)
      .function("info", &A2AClientHandle::info)
      .function("sendMessage", &A2AClientHandle::send_message)
      .function("getTask", &A2AClientHandle::get_task)
      .function("listTasks", &A2AClientHandle::list_tasks)
      .function("cancelTask", &A2AClientHandle::cancel_task)
      .function("call", &A2AClientHandle::call)
      .function("finish", &A2AClientHandle::finish)
      .function("streamMessage", &A2AClientHandle::stream_message)
      .function("subscribe", &A2AClientHandle::subscribe);
  emscripten::class_<A2ACardCacheHandle>("A2ACardCacheHandle")
      .constructor<>()
      .function("clear", &A2ACardCacheHandle::clear);
  emscripten::class_<A2ACardDiscoveryHandle>("A2ACardDiscoveryHandle")
      .constructor<>()
      .function("start", &A2ACardDiscoveryHandle::start)
      .function("done", &A2ACardDiscoveryHandle::done)
      .function("request", &A2ACardDiscoveryHandle::request)
      .function("onResponse", &A2ACardDiscoveryHandle::on_response)
      .function("onFail", &A2ACardDiscoveryHandle::on_fail)
      .function("card", &A2ACardDiscoveryHandle::card);
  emscripten::function("a2aCardRequests", &card_requests);
  emscripten::function("a2aVerifyCard", &verify_card);
  emscripten::function("a2aEventNames", &event_names);
}
