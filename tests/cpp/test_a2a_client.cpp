// The sans-I/O A2A client: discovery URLs, the card cache, request construction for 1.0 and 0.3,
// response checking, and stream sessions (events, end of task, resubscribe after a drop, errors).
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <catch2/catch.hpp>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "error_of.hpp"
#include "ruvector/a2a/client_core.hpp"
#include "ruvector/a2a/client_json.hpp"
#include "ruvector/core/error.hpp"

namespace json = boost::json;
using ruvector::Error;
using ruvector::ErrorCode;
using namespace ruvector::a2a;
using ruvector::test::code_of;
using ruvector::test::message_of;

namespace {

const char* const kCardV1 = R"({
  "name": "Echo", "description": "test agent", "version": "1.2.0",
  "supportedInterfaces": [
    {"url": "http://127.0.0.1:9999/rpc-grpc", "protocolBinding": "GRPC", "protocolVersion": "1.0"},
    {"url": "/rpc", "protocolBinding": "JSONRPC", "protocolVersion": "1.0"}
  ],
  "capabilities": {"streaming": true},
  "defaultInputModes": ["text/plain"], "defaultOutputModes": ["text/plain"],
  "skills": [], "futureField": {"kept": true}
})";

const char* const kCardV03 = R"({
  "name": "Old", "description": "0.3 agent", "version": "0.1", "protocolVersion": "0.3.0",
  "url": "http://127.0.0.1:8888/a2a", "preferredTransport": "JSONRPC",
  "capabilities": {"streaming": true},
  "defaultInputModes": ["text/plain"], "defaultOutputModes": ["text/plain"], "skills": []
})";

std::string header(const HttpRequest& r, std::string_view name) {
  for (const HttpHeader& h : r.headers) {
    if (h.name == name) return h.value;
  }
  return "<absent>";
}

Message text(std::string t) {
  Message m;
  m.parts.push_back(Part::text_part(std::move(t)));
  return m;
}

// One SSE event carrying a JSON-RPC response with `result`.
std::string sse(const json::value& id, const std::string& result, const std::string& event_id = "") {
  std::string out;
  if (!event_id.empty()) out += "id: " + event_id + "\n";
  out += "data: {\"jsonrpc\":\"2.0\",\"id\":" + json::serialize(id) + ",\"result\":" + result + "}\n\n";
  return out;
}

std::string status_update(const std::string& state) {
  return R"({"statusUpdate":{"taskId":"t1","contextId":"c1","status":{"state":")" + state + R"("}}})";
}

std::string artifact_update(int i) {
  return R"({"artifactUpdate":{"taskId":"t1","contextId":"c1","artifact":{"artifactId":"a","parts":[{"text":"chunk )" +
         std::to_string(i) + R"("}]},"append":)" + (i > 0 ? "true" : "false") + "}}";
}

}  // namespace

TEST_CASE("agent card URLs: well-known agent-card.json then agent.json", "[a2a][client]") {
  CHECK(agent_card_urls("http://h:1/") ==
        std::vector<std::string>{"http://h:1/.well-known/agent-card.json", "http://h:1/.well-known/agent.json"});
  CHECK(agent_card_urls("https://h/x/card.json") == std::vector<std::string>{"https://h/x/card.json"});
  CHECK(code_of([] { (void)agent_card_urls("ftp://h/"); }) == ErrorCode::kTransportError);
  CHECK(message_of([] { (void)agent_card_urls("localhost:80"); }).find("localhost:80") != std::string::npos);
}

TEST_CASE("card cache honours max-age, no-store, no-cache and 304 revalidation", "[a2a][client]") {
  CardCache cache;
  const std::string url = "http://h/.well-known/agent-card.json";
  CHECK_FALSE(cache.fresh(url, 0));
  CHECK(cache.validators(url).empty());

  CHECK(cache.update(url, 200, {{"cache-control", "public, max-age=60"}, {"ETag", "\"v1\""}}, "body1", 1000) ==
        "body1");
  CHECK(cache.fresh(url, 1000 + 59'999) == std::optional<std::string>("body1"));
  CHECK_FALSE(cache.fresh(url, 1000 + 60'000));
  const auto v = cache.validators(url);
  REQUIRE(v.size() == 1);
  CHECK(v[0].name == "If-None-Match");
  CHECK(v[0].value == "\"v1\"");
  // 304 refreshes the stored body.
  CHECK(cache.update(url, 304, {{"Cache-Control", "max-age=10"}}, "", 100'000) == "body1");
  CHECK(cache.fresh(url, 109'999));
  CHECK_FALSE(cache.fresh(url, 110'000));

  CHECK(cache.update(url, 200, {{"Cache-Control", "no-cache"}, {"Last-Modified", "Wed, 21 Oct 2026 07:28:00 GMT"}},
                     "body2", 0) == "body2");
  CHECK_FALSE(cache.fresh(url, 0));  // stored, but must be revalidated
  CHECK(cache.validators(url).at(0).name == "If-Modified-Since");

  CHECK(cache.update(url, 200, {{"Cache-Control", "no-store, max-age=600"}}, "body3", 0) == "body3");
  CHECK_FALSE(cache.fresh(url, 1));
  CHECK(cache.validators(url).empty());

  CHECK(code_of([&] { (void)cache.update("http://other/", 304, {}, "", 0); }) == ErrorCode::kTransportError);
  CHECK(message_of([&] { (void)cache.update(url, 404, {}, "no such card", 0); }).find("HTTP 404 Not Found") !=
        std::string::npos);
}

TEST_CASE("client picks the JSON-RPC 1.0 interface and builds 1.0 requests", "[a2a][client]") {
  ClientOptions options;
  options.bearer_token = "tok";
  options.api_key = "key";
  Client client(kCardV1, "http://127.0.0.1:9999/.well-known/agent-card.json", options);
  CHECK(client.version() == ProtocolVersion::kV1_0);
  CHECK(client.endpoint().url == "http://127.0.0.1:9999/rpc");  // relative URL resolved
  CHECK(client.card().name == "Echo");
  CHECK(client.card_value().at("futureField").at("kept").as_bool());

  const Call call = client.send_message(text("hi"));
  CHECK(call.request.method == "POST");
  CHECK(call.request.url == "http://127.0.0.1:9999/rpc");
  CHECK(header(call.request, "A2A-Version") == "1.0");
  CHECK(header(call.request, "Authorization") == "Bearer tok");
  CHECK(header(call.request, "X-API-Key") == "key");
  CHECK(header(call.request, "Accept") == "application/json");
  const json::value body = json::parse(call.request.body);
  CHECK(body.at("method").as_string() == "SendMessage");
  CHECK(body.at("id") == call.id);
  CHECK(body.at("params").at("message").at("parts").at(0).at("text").as_string() == "hi");
  CHECK(body.at("params").at("message").at("role").as_string() == "ROLE_USER");
  CHECK(body.at("params").at("message").at("messageId").as_string().size() == 36);  // generated uuid

  const Call second = client.get_task("t1");
  CHECK(second.id != call.id);
  CHECK(json::parse(second.request.body).at("method").as_string() == "GetTask");
  auto stream = client.stream_message(text("count 2"));
  CHECK(stream.request().streaming);
  CHECK(header(stream.request(), "Accept") == "text/event-stream");
  CHECK(json::parse(stream.request().body).at("method").as_string() == "SendStreamingMessage");
}

TEST_CASE("client speaks 0.3 method names to a 0.3 card", "[a2a][client]") {
  Client client(kCardV03, "http://127.0.0.1:8888/.well-known/agent-card.json", {});
  CHECK(client.version() == ProtocolVersion::kV0_3);
  const Call call = client.send_message(text("hi"));
  CHECK(header(call.request, "A2A-Version") == "<absent>");
  const json::value body = json::parse(call.request.body);
  CHECK(body.at("method").as_string() == "message/send");
  CHECK(body.at("params").at("message").at("kind").as_string() == "message");
  CHECK(body.at("params").at("message").at("role").as_string() == "user");
  CHECK(json::parse(client.cancel_task("t").request.body).at("method").as_string() == "tasks/cancel");
  CHECK(json::parse(client.subscribe("t").request().body).at("method").as_string() == "tasks/resubscribe");
  CHECK(code_of([&] { (void)client.list_tasks({}); }) == ErrorCode::kProtocolError);  // no ListTasks in 0.3
}

TEST_CASE("client rejects cards without a usable interface or with bad JSON", "[a2a][client]") {
  CHECK(code_of([] { Client c("{\"name\":1", "http://h/", {}); }) == ErrorCode::kProtocolError);
  CHECK(
      code_of([] {
        Client c(
            R"({"name":"x","description":"","version":"1","supportedInterfaces":[{"url":"http://h/","protocolBinding":"GRPC","protocolVersion":"1.0"}],"capabilities":{},"defaultInputModes":[],"defaultOutputModes":[],"skills":[]})",
            "http://h/", {});
      }) == ErrorCode::kProtocolError);
  // Duplicate member names are refused (they would make signatures ambiguous).
  CHECK(code_of([] {
          Client c(
              R"({"name":"a","name":"b","description":"","version":"1","url":"http://h/","protocolVersion":"0.3"})",
              "http://h/", {});
        }) == ErrorCode::kProtocolError);
}

TEST_CASE("finish checks status, ids and JSON-RPC errors", "[a2a][client]") {
  Client client(kCardV1, "http://127.0.0.1:9999/", {});
  const Call call = client.get_task("t1");
  const std::string id = json::serialize(call.id);
  const std::string task = R"({"id":"t1","contextId":"c1","status":{"state":"TASK_STATE_WORKING"}})";

  const json::value result = client.finish(call, 200, "application/json; charset=utf-8",
                                           R"({"jsonrpc":"2.0","id":)" + id + R"(,"result":)" + task + "}");
  const CallResult answer = call_result(Method::kGetTask, result);
  REQUIRE(std::holds_alternative<Event>(answer));
  const json::object view = event_view(std::get<Event>(answer));
  CHECK(view.at("kind").as_string() == "task");
  CHECK(view.at("state").as_string() == "working");
  CHECK_FALSE(view.at("final").as_bool());

  CHECK(message_of([&] {
          (void)client.finish(call, 200, "application/json", R"({"jsonrpc":"2.0","id":999,"result":{}})");
        }).find("999") != std::string::npos);
  CHECK(code_of([&] { (void)client.finish(call, 200, "application/json", "not json"); }) == ErrorCode::kProtocolError);
  const std::string rpc_error = message_of([&] {
    (void)client.finish(call, 200, "application/json",
                        R"({"jsonrpc":"2.0","id":)" + id + R"(,"error":{"code":-32001,"message":"Task not found"}})");
  });
  CHECK(rpc_error.find("-32001") != std::string::npos);
  CHECK(rpc_error.find("TaskNotFoundError") != std::string::npos);
  // A JSON-RPC error carried by a 4xx answer is reported as that error...
  CHECK(code_of([&] {
          (void)client.finish(call, 400, "application/json",
                              R"({"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"bad"}})");
        }) == ErrorCode::kProtocolError);
  // ... anything else as the HTTP status.
  // A JSON body that is not a JSON-RPC error does not hide the status.
  CHECK(message_of([&] {
          (void)client.finish(call, 401, "application/json", R"({"error":"unauthorized"})");
        }).find("HTTP 401 Unauthorized") != std::string::npos);
  const std::string http = message_of([&] { (void)client.finish(call, 401, "text/plain", "go away"); });
  CHECK(http.find("HTTP 401 Unauthorized") != std::string::npos);
  CHECK(http.find("go away") != std::string::npos);
  CHECK(code_of([&] { (void)client.finish(call, 500, "text/html", "<html>"); }) == ErrorCode::kTransportError);
}

TEST_CASE("stream session: events at every chunk split, final on completion", "[a2a][client]") {
  Client client(kCardV1, "http://127.0.0.1:9999/", {});
  const auto make_stream = [&](StreamSession& s) {
    std::string body = ": keep-alive comment\n\n";
    body += sse(s.call().id, R"({"task":{"id":"t1","contextId":"c1","status":{"state":"TASK_STATE_SUBMITTED"}}})", "1");
    body += sse(s.call().id, status_update("TASK_STATE_WORKING"), "2");
    for (int i = 0; i < 3; ++i) body += sse(s.call().id, artifact_update(i), std::to_string(3 + i));
    body += sse(s.call().id, status_update("TASK_STATE_COMPLETED"), "6");
    body += sse(s.call().id, status_update("TASK_STATE_WORKING"), "7");  // after the end: ignored
    return body;
  };
  for (std::size_t split = 0; split < 700; split += 7) {
    StreamSession s = client.stream_message(text("count 3"));
    const std::string body = make_stream(s);
    s.on_head(200, "text/event-stream; charset=utf-8");
    std::vector<json::object> events;
    const std::size_t at = std::min(split, body.size());
    for (const Event& e : s.on_data(std::string_view(body).substr(0, at))) events.push_back(event_view(e));
    for (const Event& e : s.on_data(std::string_view(body).substr(at))) events.push_back(event_view(e));
    REQUIRE(events.size() == 6);
    CHECK(events[0].at("kind").as_string() == "task");
    CHECK(events[1].at("state").as_string() == "working");
    CHECK(events[2].at("kind").as_string() == "artifact-update");
    CHECK(events[4].at("text").as_string() == "chunk 2");
    CHECK(events[4].at("value").at("append").as_bool());
    CHECK(events[5].at("state").as_string() == "completed");
    CHECK(events[5].at("final").as_bool());
    CHECK_FALSE(events[4].at("final").as_bool());
    CHECK(s.done());
    CHECK(s.task_id() == "t1");
    CHECK(s.on_end());
  }
}

TEST_CASE("stream session resubscribes after a drop, with Last-Event-ID", "[a2a][client]") {
  ClientOptions options;
  options.max_resubscribes = 1;
  Client client(kCardV1, "http://127.0.0.1:9999/", options);
  StreamSession s = client.stream_message(text("count 3"));
  s.on_head(200, "text/event-stream");
  std::string body = sse(s.call().id, status_update("TASK_STATE_WORKING"), "ev-1");
  body += "data: {\"jsonrpc\":\"2.0\",";  // cut mid-event
  CHECK(s.on_data(body).size() == 1);
  CHECK_FALSE(s.on_end());  // resubscribe
  const json::value request = json::parse(s.request().body);
  CHECK(request.at("method").as_string() == "SubscribeToTask");
  CHECK(request.at("params").at("id").as_string() == "t1");
  CHECK(header(s.request(), "Last-Event-ID") == "ev-1");
  CHECK(s.resubscribes() == 1);

  s.on_head(200, "text/event-stream");
  CHECK(s.on_data(sse(s.call().id, artifact_update(0))).size() == 1);
  // Dropped again: out of resubscribes -> a TransportError that says so.
  const std::string error = message_of([&] { (void)s.on_fail(TransferFailure::kDropped, "connection reset"); });
  CHECK(error ==
        "A2A stream from http://127.0.0.1:9999/rpc ended early: the connection broke (after 1 resubscribe attempts)");
}

TEST_CASE("stream session errors: timeout, no task id, JSON-RPC error, HTTP status, wrong ids", "[a2a][client]") {
  Client client(kCardV1, "http://127.0.0.1:9999/", {});
  {
    StreamSession s = client.stream_message(text("x"));
    s.on_head(200, "text/event-stream");
    CHECK(message_of([&] { (void)s.on_fail(TransferFailure::kReadTimeout, "curl: no data"); }) ==
          "no data from http://127.0.0.1:9999/rpc for 60.0 s (read timeout)");
  }
  {
    StreamSession s = client.stream_message(text("x"));
    s.on_head(200, "text/event-stream");
    CHECK(message_of([&] { (void)s.on_end(); }).find("no task id") != std::string::npos);
  }
  {
    StreamSession s = client.stream_message(text("x"));
    s.on_head(200, "application/json");
    CHECK(s.on_data(R"({"jsonrpc":"2.0","id":)" + json::serialize(s.call().id) +
                    R"(,"error":{"code":-32004,"message":"Unsupported"}})")
              .empty());
    CHECK(message_of([&] { (void)s.on_end(); }).find("-32004") != std::string::npos);
  }
  {
    StreamSession s = client.stream_message(text("x"));
    s.on_head(503, "text/plain");
    (void)s.on_data("overloaded");
    CHECK(message_of([&] { (void)s.on_end(); }).find("HTTP 503") != std::string::npos);
  }
  {
    StreamSession s = client.stream_message(text("x"));
    s.on_head(200, "text/event-stream");
    CHECK(code_of([&] { (void)s.on_data(sse(json::value(12345), status_update("TASK_STATE_WORKING"))); }) ==
          ErrorCode::kProtocolError);
  }
  {
    StreamSession s = client.stream_message(text("x"));
    s.on_head(200, "text/event-stream");
    CHECK(code_of([&] { (void)s.on_data("data: {not json}\n\n"); }) == ErrorCode::kProtocolError);
  }
}

TEST_CASE("stream state machine: the failure policy every target shares", "[a2a][client]") {
  ClientOptions options;
  options.max_resubscribes = 2;
  options.read_timeout_ms = 250;
  options.connect_timeout_ms = 1500;
  Client client(kCardV1, "http://127.0.0.1:9999/", options);
  const auto started = [&] {
    StreamSession s = client.stream_message(text("count 3"));
    s.on_head(200, "text/event-stream");
    REQUIRE(s.on_data(sse(s.call().id, status_update("TASK_STATE_WORKING"))).size() == 1);
    return s;
  };
  SECTION("the timeouts travel with every request") {
    StreamSession s = client.stream_message(text("x"));
    CHECK(s.request().connect_timeout_ms == 1500);
    CHECK(s.request().read_timeout_ms == 250);
    CHECK(card_request("http://h/c.json", options).read_timeout_ms == 250);
    CHECK(ClientOptions{}.connect_timeout_ms == 10'000);  // the one default for every target
    CHECK(ClientOptions{}.read_timeout_ms == 60'000);
  }
  SECTION("a first request that cannot connect is the transfer's error, not a resubscribe") {
    StreamSession s = client.stream_message(text("x"));
    const auto [code, message] =
        ruvector::test::error_of([&] { (void)s.on_fail(TransferFailure::kConnect, "ECONNREFUSED"); });
    CHECK(code == ErrorCode::kTransportError);
    CHECK(message == "cannot connect to http://127.0.0.1:9999/rpc");
  }
  SECTION("a read timeout is never retried, even with a task id") {
    StreamSession s = started();
    CHECK(message_of([&] { (void)s.on_fail(TransferFailure::kReadTimeout); }) ==
          "no data from http://127.0.0.1:9999/rpc for 0.25 s (read timeout)");
    CHECK(s.resubscribes() == 0);
  }
  SECTION("a drop resubscribes; a resubscribe that cannot connect counts as an attempt") {
    StreamSession s = started();
    CHECK_FALSE(s.on_fail(TransferFailure::kDropped, "reset"));
    CHECK(json::parse(s.request().body).at("method").as_string() == "SubscribeToTask");
    CHECK_FALSE(s.on_fail(TransferFailure::kConnect, "refused"));  // the server is restarting
    CHECK(s.resubscribes() == 2);
    CHECK(message_of([&] { (void)s.on_fail(TransferFailure::kConnect, "refused"); }) ==
          "A2A stream from http://127.0.0.1:9999/rpc ended early: cannot connect to http://127.0.0.1:9999/rpc (after 2 "
          "resubscribe attempts)");
  }
  SECTION("a clean end before the task ends resubscribes, then the stream completes") {
    StreamSession s = started();
    CHECK_FALSE(s.on_end());
    s.on_head(200, "text/event-stream");
    const auto events = s.on_data(sse(s.call().id, status_update("TASK_STATE_COMPLETED")));
    REQUIRE(events.size() == 1);
    CHECK(events[0].final);
    CHECK(s.on_fail(TransferFailure::kDropped));  // whatever happens after the end is no failure
    CHECK(s.on_end());
  }
  SECTION("too large, or ended locally: the kind decides the class, the detail passes for local ends") {
    StreamSession s = started();
    CHECK(code_of([&] { (void)s.on_fail(TransferFailure::kTooLarge); }) == ErrorCode::kProtocolError);
    StreamSession t = started();
    CHECK(message_of([&] { (void)t.on_fail(TransferFailure::kLocal, "the engine shut down"); }) ==
          "the engine shut down");
  }
  SECTION("kind names for bindings") {
    CHECK(parse_transfer_failure("read-timeout") == TransferFailure::kReadTimeout);
    CHECK(code_of([] { (void)parse_transfer_failure("timeout"); }) == ErrorCode::kInvalidInput);
    JsonClient json_client(kCardV1, "http://127.0.0.1:9999/", R"({"readTimeoutMs": 1500.4})");
    const JsonCall call = json_client.get_task("t1", -1);
    CHECK(json::parse(call.request()).at("readTimeoutMs").as_int64() == 1500);
    CHECK(json::parse(call.request()).at("maxResponseBytes").as_int64() == std::int64_t{64} << 20U);
    CHECK(message_of([&] { call.fail("connect", "x"); }) == "cannot connect to http://127.0.0.1:9999/rpc");
    CHECK(message_of([] { (void)parse_client_options(R"({"connectTimeoutMs": 0})"); }) ==
          "A2A client connectTimeoutMs must be a positive number of milliseconds (at most a day), got 0");
  }
}

TEST_CASE("a message answer ends a stream; 0.3 final flag ends a stream", "[a2a][client]") {
  Client v1(kCardV1, "http://127.0.0.1:9999/", {});
  StreamSession s = v1.stream_message(text("echo hi"));
  s.on_head(200, "text/event-stream");
  const auto events =
      s.on_data(sse(s.call().id, R"({"message":{"messageId":"m","role":"ROLE_AGENT","parts":[{"text":"hi"}]}})"));
  REQUIRE(events.size() == 1);
  CHECK(events[0].kind == EventKind::kMessage);
  CHECK(events[0].text == "hi");
  CHECK(s.on_end());

  Client v03(kCardV03, "http://127.0.0.1:8888/", {});
  StreamSession old = v03.stream_message(text("x"));
  old.on_head(200, "text/event-stream");
  const auto e = old.on_data(
      sse(old.call().id,
          R"({"kind":"status-update","taskId":"t","contextId":"c","status":{"state":"working"},"final":true})"));
  REQUIRE(e.size() == 1);
  CHECK(e[0].final);
  CHECK(e[0].state_name() == "working");
  CHECK(e[0].value().at("status").at("state").as_string() == "TASK_STATE_WORKING");
  CHECK(old.on_end());
}

TEST_CASE("JSON facade: options, message forms, methods by name", "[a2a][client]") {
  const std::string options =
      R"({"bearerToken":"t","headers":{"X-Trace":"1"},"protocolVersion":"0.3","maxResubscribes":0})";
  JsonClient client(kCardV1, "http://127.0.0.1:9999/", options);
  const json::value info = json::parse(client.info());
  CHECK(info.at("version").as_string() == "0.3");  // forced by the options
  CHECK(info.at("endpoint").as_string() == "http://127.0.0.1:9999/rpc");
  CHECK_FALSE(info.at("cardVerified").as_bool());

  const json::value request = json::parse(client.send_message(R"("hi")", "", "").request());
  const json::value body = json::parse(request.at("body").as_string());
  CHECK(body.at("method").as_string() == "message/send");
  CHECK(body.at("params").at("message").at("parts").at(0).at("text").as_string() == "hi");
  bool saw_trace = false;
  for (const json::value& h : request.at("headers").as_array()) {
    saw_trace = saw_trace || h.at(0).as_string() == "X-Trace";
  }
  CHECK(saw_trace);

  // A message object without messageId / role gets both.
  const json::value object_msg =
      json::parse(json::parse(client
                                  .send_message(R"({"parts":[{"kind":"text","text":"x"}],"metadata":{"a":1}})",
                                                R"({"returnImmediately":true,"historyLength":2})", R"({"m":true})")
                                  .request())
                      .at("body")
                      .as_string());
  CHECK(object_msg.at("params").at("message").at("role").as_string() == "user");
  CHECK(object_msg.at("params").at("message").at("messageId").as_string().size() == 36);
  CHECK_FALSE(object_msg.at("params").at("configuration").at("blocking").as_bool());  // 0.3 spelling
  CHECK(object_msg.at("params").at("metadata").at("m").as_bool());

  const auto method_of = [&](const JsonCall& c) {
    return std::string(json::parse(json::parse(c.request()).at("body").as_string()).at("method").as_string());
  };
  CHECK(method_of(client.call("CreateTaskPushNotificationConfig", R"({"taskId":"t"})")) ==
        "tasks/pushNotificationConfig/set");
  CHECK(method_of(client.call("tasks/pushNotificationConfig/list", "")) == "tasks/pushNotificationConfig/list");
  CHECK(method_of(client.call("GetExtendedAgentCard", "")) == "agent/getAuthenticatedExtendedCard");
  CHECK(code_of([&] { (void)client.call("NoSuchMethod", ""); }) == ErrorCode::kProtocolError);
  CHECK(code_of([&] { (void)client.call("GetTask", "[1]"); }) == ErrorCode::kInvalidInput);

  // Bad options name the problem.
  CHECK(message_of([] { JsonClient c(kCardV1, "http://h/", R"({"bearer":"x"})"); }).find("\"bearer\" is unknown") !=
        std::string::npos);
  CHECK(code_of([] { JsonClient c(kCardV1, "http://h/", R"({"headers":{"X-A":"v\r\nInjected: 1"}})"); }) ==
        ErrorCode::kInvalidInput);
  CHECK(code_of([] { JsonClient c(kCardV1, "http://h/", R"({"maxResubscribes":-1})"); }) == ErrorCode::kInvalidInput);
  CHECK(code_of([] { JsonClient c(kCardV1, "http://h/", R"({"protocolVersion":"2.0"})"); }) ==
        ErrorCode::kProtocolError);
  CHECK(code_of([&] { (void)client.send_message("42", "", ""); }) == ErrorCode::kInvalidInput);
  CHECK(code_of([&] { (void)client.list_tasks(R"({"status":"done"})"); }) == ErrorCode::kProtocolError);
}

TEST_CASE("card requests for bindings carry the cache validators", "[a2a][client]") {
  CardCache cache;
  const std::string url = "http://h:1/.well-known/agent-card.json";
  (void)cache.update(url, 200, {{"ETag", "W/\"7\""}}, "{}", 0);
  const json::value requests = json::parse(card_requests_json("http://h:1", R"({"apiKey":"k"})", &cache));
  REQUIRE(requests.as_array().size() == 2);
  const json::value& first = requests.at(0);
  CHECK(first.at("url").as_string() == url);
  CHECK(first.at("method").as_string() == "GET");
  std::string headers = json::serialize(first.at("headers"));
  CHECK(headers.find(R"(["If-None-Match","W/\"7\""])") != std::string::npos);
  CHECK(headers.find(R"(["X-API-Key","k"])") != std::string::npos);
  CHECK(json::serialize(requests.at(1).at("headers")).find("If-None-Match") == std::string::npos);
}

TEST_CASE("card discovery: cache first, agent.json after a 404, errors for other statuses", "[a2a][client]") {
  CardCache cache;
  ClientOptions options;
  options.bearer_token = "t";
  {
    CardDiscovery d(cache, "http://h:1/", options, 0);
    REQUIRE_FALSE(d.done());
    CHECK(d.request().url == "http://h:1/.well-known/agent-card.json");
    CHECK(header(d.request(), "Authorization") == "Bearer t");
    d.on_response(404, {}, "nope", 0);
    REQUIRE_FALSE(d.done());
    CHECK(d.request().url == "http://h:1/.well-known/agent.json");
    d.on_response(200, {{"Cache-Control", "max-age=10"}, {"ETag", "\"e\""}}, "{\"card\":1}", 0);
    REQUIRE(d.done());
    CHECK(d.card_url() == "http://h:1/.well-known/agent.json");
    CHECK(d.card_json() == "{\"card\":1}");
    CHECK(code_of([&] { d.on_response(200, {}, "", 0); }) == ErrorCode::kInvalidInput);
  }
  {
    CardDiscovery fresh(cache, "http://h:1", options, 9'999);  // still fresh: no request at all
    CHECK(fresh.done());
    CHECK(fresh.card_json() == "{\"card\":1}");
  }
  {
    CardDiscovery stale(cache, "http://h:1", options, 10'000);  // stale: revalidated, 304 keeps the body
    REQUIRE_FALSE(stale.done());
    stale.on_response(404, {}, "", 10'000);
    CHECK(header(stale.request(), "If-None-Match") == "\"e\"");
    stale.on_response(304, {}, "", 10'000);
    CHECK(stale.card_json() == "{\"card\":1}");
  }
  {
    CardDiscovery last(cache, "http://other/", options, 0);
    last.on_response(404, {}, "", 0);
    CHECK(message_of([&] { last.on_response(404, {}, "gone", 0); }).find("HTTP 404 Not Found from http://other/") !=
          std::string::npos);
    CardDiscovery broken(cache, "http://other/", options, 0);
    CHECK(code_of([&] { broken.on_response(500, {}, "", 0); }) == ErrorCode::kTransportError);
  }
}

TEST_CASE("call results are typed: one event, a page of tasks, or the result as sent", "[a2a][client]") {
  const json::value page =
      json::parse(R"({"tasks":[{"id":"t1","contextId":"c1","status":{"state":"TASK_STATE_COMPLETED"},"x-extra":1},)"
                  R"({"id":"t2","status":{"state":"TASK_STATE_WORKING","message":{"messageId":"m","role":"ROLE_AGENT",)"
                  R"("parts":[{"text":"half"},{"text":" done"}]}}}],"nextPageToken":"p2","pageSize":2,"totalSize":9})");
  const CallResult listed = call_result(Method::kListTasks, page);
  REQUIRE(std::holds_alternative<TaskPage>(listed));
  const TaskPage& tasks = std::get<TaskPage>(listed);
  REQUIRE(tasks.tasks.size() == 2);
  CHECK(tasks.tasks[0].kind == EventKind::kTask);
  CHECK(tasks.tasks[0].final);                                  // completed
  CHECK(tasks.tasks[0].value().at("x-extra").as_int64() == 1);  // unknown members kept
  CHECK_FALSE(tasks.tasks[1].final);
  CHECK(tasks.tasks[1].state_name() == "working");
  CHECK(tasks.tasks[1].text == "half done");
  CHECK_FALSE(tasks.tasks[1].context_id.has_value());
  CHECK(tasks.next_page_token == "p2");
  CHECK(tasks.total_size == 9);

  const json::value other = json::parse(R"({"anything":[1,2]})");
  const CallResult passed = call_result(Method::kGetExtendedAgentCard, other);
  REQUIRE(std::holds_alternative<json::value>(passed));
  CHECK(std::get<json::value>(passed) == other);
}
