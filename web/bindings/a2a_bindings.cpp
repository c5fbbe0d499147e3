// Embind glue for the A2A client core: strings and heap bytes in; events out as JS objects built
// here once from the core's Event ({kind, taskId, contextId, state, text, final, valueJson}: the
// wrapper parses `value` only when it is read). The protocol logic is
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

// Property names made once: a key given as text would be a new JS string on every set().
struct EventKeys {
  val kind = val("kind");
  val task_id = val("taskId");
  val context_id = val("contextId");
  val state = val("state");
  val text = val("text");
  val final = val("final");
  val value_json = val("valueJson");
};

val optional_text(const std::optional<std::string>& s) {
  return s ? val(*s) : val::null();
}

val event_record(const a2a::Event& e) {
  static const EventKeys keys;
  val out = val::object();
  out.set(keys.kind, val(std::string(event_kind_name(e.kind))));
  out.set(keys.task_id, optional_text(e.task_id));
  out.set(keys.context_id, optional_text(e.context_id));
  const auto state = e.state_name();
  out.set(keys.state, state ? val(std::string(*state)) : val::null());
  out.set(keys.text, val(e.text));
  out.set(keys.final, val(e.final));
  out.set(keys.value_json, val(boost::json::serialize(e.value())));
  return out;
}

val event_records(const std::vector<a2a::Event>& events) {
  val out = val::array();
  for (const a2a::Event& e : events) out.call<void>("push", event_record(e));
  return out;
}

// finish(): {event}, {page: {tasks, nextPageToken, pageSize, totalSize}} or {resultJson}.
val call_record(const a2a::CallResult& result) {
  val out = val::object();
  if (const auto* e = std::get_if<a2a::Event>(&result)) {
    out.set("event", event_record(*e));
  } else if (const auto* page = std::get_if<a2a::TaskPage>(&result)) {
    const auto number = [](const std::optional<std::int64_t>& n) {
      return n ? val(static_cast<double>(*n)) : val::null();
    };
    val p = val::object();
    p.set("tasks", event_records(page->tasks));
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
    return guarded_rpc([&] { return event_records(get().on_data(heap_text(chunk, length))); });
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
}
