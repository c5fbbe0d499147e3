// Protocol JSON, the JSON-RPC envelope and the typed A2A objects (v1.0 and v0.3 wire forms).
#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <cstdint>
#include <cstring>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "error_of.hpp"
#include "golden.hpp"
#include "ruvector/a2a/jcs.hpp"
#include "ruvector/a2a/jsonrpc.hpp"
#include "ruvector/a2a/sse.hpp"
#include "ruvector/a2a/types.hpp"
#include "ruvector/core/error.hpp"

namespace json = boost::json;
namespace a2a = ruvector::a2a;
using a2a::Method;
using a2a::ProtocolVersion;
using ruvector::ErrorCode;

namespace {

constexpr ProtocolVersion kV1 = ProtocolVersion::kV1_0;
constexpr ProtocolVersion kV03 = ProtocolVersion::kV0_3;

json::value js(std::string_view text) {
  return a2a::parse_json(text);
}

using ruvector::test::error_of;

// Canonical text: equal JSON values, member order aside.
std::string canon(const json::value& v) {
  return a2a::canonicalize(v);
}

const char* const kMessageV1 = R"({
  "messageId": "m-1", "role": "ROLE_USER", "contextId": "ctx", "taskId": "t-1",
  "parts": [
    {"text": "hello", "mediaType": "text/plain", "x-part-extra": [1, 2.5, {"deep": null}]},
    {"url": "https://example.com/a.pdf", "filename": "a.pdf", "mediaType": "application/pdf"},
    {"raw": "aGVsbG8=", "filename": "h.txt"},
    {"data": {"k": [true, null, 1e-7]}, "metadata": {"m": 1}},
    {"data": null}
  ],
  "metadata": {"trace": "abc"}, "extensions": ["https://ext/1"], "referenceTaskIds": ["t-0"],
  "x-vendor": {"nested": {"a": 1}}, "timestamp": "2025-01-01T00:00:00.000Z", "taskId2": null
})";

const char* const kMessageV03 = R"({
  "kind": "message", "messageId": "m-2", "role": "agent",
  "parts": [
    {"kind": "text", "text": "hi", "metadata": {"a": 1}},
    {"kind": "file", "file": {"uri": "https://example.com/x.png", "mimeType": "image/png", "name": "x.png", "x-file": 1}},
    {"kind": "file", "file": {"bytes": "AAEC"}},
    {"kind": "data", "data": {"answer": 42}, "x-extra": "kept"}
  ],
  "contextId": null, "unknownTop": 3
})";

const char* const kTaskV1 = R"({
  "id": "t-1", "contextId": "ctx",
  "status": {"state": "TASK_STATE_INPUT_REQUIRED", "timestamp": "2025-01-01T00:00:00.000Z",
             "message": {"messageId": "s-1", "role": "ROLE_AGENT", "parts": [{"text": "which file?"}]}},
  "artifacts": [{"artifactId": "a-1", "name": "out", "description": "d", "parts": [{"text": "x"}],
                 "extensions": ["e"], "metadata": {}, "x-art": true}],
  "history": [{"messageId": "m-1", "role": "ROLE_USER", "parts": [{"text": "go"}]}],
  "metadata": {"k": "v"}, "createdAt": "2025-01-01T00:00:00Z"
})";

const char* const kCardV1 = R"({
  "name": "Recipe Agent", "description": "Helps with recipes", "version": "1.2.0",
  "supportedInterfaces": [
    {"url": "https://agent.example/grpc", "protocolBinding": "GRPC", "protocolVersion": "1.0"},
    {"url": "https://agent.example/a2a/v03", "protocolBinding": "JSONRPC", "protocolVersion": "0.3"},
    {"url": "https://agent.example/a2a", "protocolBinding": "JSONRPC", "protocolVersion": "1.0", "tenant": "t1"}
  ],
  "provider": {"organization": "Example", "url": "https://example.com"},
  "documentationUrl": "https://agent.example/docs", "iconUrl": "https://agent.example/icon.png",
  "capabilities": {"streaming": true, "pushNotifications": false, "extendedAgentCard": true,
                   "extensions": [{"uri": "https://ext/x", "required": false, "params": {"n": 1.5}}],
                   "x-cap": 1},
  "securitySchemes": {"bearer": {"httpAuthSecurityScheme": {"scheme": "Bearer"}}},
  "securityRequirements": [{"schemes": {"bearer": {"list": []}}}],
  "defaultInputModes": ["text/plain"], "defaultOutputModes": ["text/plain", "application/json"],
  "skills": [{"id": "s1", "name": "Cook", "description": "Cooks", "tags": ["food"], "examples": ["pasta"],
              "inputModes": ["text/plain"], "securityRequirements": [], "x-skill": "k"}],
  "signatures": [{"protected": "eyJhbGciOiJFUzI1NiJ9", "signature": "c2ln", "header": {"kid": "k1"}}],
  "agentId": "agent-7"
})";

const char* const kCardV03 = R"({
  "protocolVersion": "0.3.0", "name": "Old Agent", "description": "v0.3 card", "version": "0.1.0",
  "url": "https://old.example/a2a", "preferredTransport": "JSONRPC",
  "additionalInterfaces": [{"url": "https://old.example/grpc", "transport": "GRPC"}],
  "capabilities": {"streaming": true, "stateTransitionHistory": false},
  "security": [{"oauth": ["read"]}], "supportsAuthenticatedExtendedCard": false,
  "defaultInputModes": ["text"], "defaultOutputModes": ["text"],
  "skills": [{"id": "s", "name": "S", "description": "D", "tags": [], "security": [{"oauth": []}]}]
})";

}  // namespace

// ---- protocol JSON -------------------------------------------------------------------------------

TEST_CASE("parse_json reads numbers exactly (Node's shortest forms round-trip to the same bits)", "[a2a][json]") {
  const json::value doc = a2a::parse_json(ruvector::test::read_test_file("jcs_numbers.json"), "jcs_numbers.json");
  std::size_t wrong_exact = 0;
  std::size_t wrong_boost = 0;
  for (const json::value& c : doc.at("cases").as_array()) {
    const std::uint64_t bits = std::stoull(std::string(c.at(0).as_string()), nullptr, 16);
    const std::string text(c.at(1).as_string());
    const auto bits_of = [](const json::value& v) {
      const double d = v.to_number<double>();
      std::uint64_t b = 0;
      std::memcpy(&b, &d, sizeof b);
      return b;
    };
    const std::uint64_t zero_fix = (bits == 0x8000000000000000ULL) ? 0 : bits;  // "0" reads as +0
    if (bits_of(a2a::parse_json(text)) != zero_fix) ++wrong_exact;
    if (bits_of(json::parse(text)) != zero_fix) ++wrong_boost;
  }
  // For the record (Boost 1.81 measured 1981 of 10016): the reason parse_json exists.
  INFO("boost::json::parse (Boost 1.81) misreads " << wrong_boost << " of " << doc.at("cases").as_array().size()
                                                   << " shortest-form numbers; parse_json misreads " << wrong_exact);
  CHECK(wrong_exact == 0);
  // The RFC 8785 example that Boost 1.81's reader gets one ulp wrong.
  CHECK(a2a::canonicalize(a2a::parse_json(ruvector::test::read_test_file("jcs/input/values.json"))) ==
        ruvector::test::read_test_file("jcs/output/values.json"));
  CHECK(a2a::parse_json("[1e-400, -1e-400, 0.0e999, 1E+2, 123456789012345678901234567890, 0.1]") ==
        json::value(json::array{0.0, -0.0, 0.0, 100.0, 123456789012345678901234567890.0, 0.1}));
}

TEST_CASE("parse_json rejects what protocol JSON must not contain", "[a2a][json]") {
  const std::vector<std::pair<std::string, std::string>> bad = {
      {R"({"a":1,"a":2})", "duplicate member name \"a\""},
      {R"({"x":{"b":1,"c":{},"b":[]}})", "duplicate member name \"b\""},
      {"[1e400]", "outside the range of a double"},
      {"-1e99999999999999999999", "not valid JSON"},  // Boost: exponent overflow
      {"\"\xff\"", "not valid JSON"},
      {"[1,]", "not valid JSON"},
      {"{} x", "unexpected data after the value"},
      {"1 2", "unexpected data after the value"},
      {"", "not valid JSON"},
      {"// c\n{}", "not valid JSON"},
      {"[NaN]", "not valid JSON"},
      {"{\"a\":", "incomplete"},
  };
  for (const auto& entry : bad) {
    const std::string& text = entry.first;
    const std::string& expect = entry.second;
    INFO("text: " << text);
    const auto [code, what] = error_of([&] { (void)a2a::parse_json(text, "test body"); });
    CHECK(code == ErrorCode::kProtocolError);
    CHECK_THAT(what, Catch::Contains(expect) && Catch::Contains("test body"));
  }
  std::string deep(200, '[');
  deep += std::string(200, ']');
  CHECK_THROWS_WITH(a2a::parse_json(deep), Catch::Contains("nesting deeper than 128"));
  CHECK_THROWS_WITH(a2a::parse_json("[1,2,3]", "body", a2a::JsonLimits{4, 10}), Catch::Contains("limit of 4"));
  CHECK_NOTHROW(a2a::parse_json(R"({"a":{"a":{"a":1}},"b":[{"a":1},{"a":2}]})"));
  CHECK(a2a::parse_json(" \r\n\t{\"a\" : [ 1 , 2 ] }\n ") == json::parse(R"({"a":[1,2]})"));
}

// ---- JSON-RPC --------------------------------------------------------------------------------------

TEST_CASE("JSON-RPC: method names of A2A 1.0 and 0.3", "[a2a][jsonrpc]") {
  const std::vector<std::tuple<Method, std::string, std::string>> names = {
      {Method::kSendMessage, "SendMessage", "message/send"},
      {Method::kSendStreamingMessage, "SendStreamingMessage", "message/stream"},
      {Method::kGetTask, "GetTask", "tasks/get"},
      {Method::kCancelTask, "CancelTask", "tasks/cancel"},
      {Method::kSubscribeToTask, "SubscribeToTask", "tasks/resubscribe"},
      {Method::kCreateTaskPushNotificationConfig, "CreateTaskPushNotificationConfig",
       "tasks/pushNotificationConfig/set"},
      {Method::kGetTaskPushNotificationConfig, "GetTaskPushNotificationConfig", "tasks/pushNotificationConfig/get"},
      {Method::kListTaskPushNotificationConfigs, "ListTaskPushNotificationConfigs",
       "tasks/pushNotificationConfig/list"},
      {Method::kDeleteTaskPushNotificationConfig, "DeleteTaskPushNotificationConfig",
       "tasks/pushNotificationConfig/delete"},
      {Method::kGetExtendedAgentCard, "GetExtendedAgentCard", "agent/getAuthenticatedExtendedCard"},
  };
  for (const auto& [method, v1, v03] : names) {
    CHECK(a2a::method_name(method, kV1) == v1);
    CHECK(a2a::method_name(method, kV03) == v03);
  }
  CHECK(a2a::method_name(Method::kListTasks, kV1) == "ListTasks");
  CHECK_THROWS_WITH(a2a::method_name(Method::kListTasks, kV03),
                    Catch::Contains("ListTasks has no JSON-RPC method in A2A 0.3"));
  CHECK(a2a::is_streaming(Method::kSendStreamingMessage));
  CHECK(a2a::is_streaming(Method::kSubscribeToTask));
  CHECK_FALSE(a2a::is_streaming(Method::kSendMessage));
  CHECK(a2a::parse_protocol_version("1.0") == kV1);
  CHECK(a2a::parse_protocol_version("1.0.1") == kV1);
  CHECK(a2a::parse_protocol_version("1") == kV1);
  CHECK(a2a::parse_protocol_version("0.3.0") == kV03);
  CHECK(a2a::parse_protocol_version("0.3") == kV03);
  CHECK(a2a::version_string(kV1) == "1.0");
  CHECK(a2a::version_string(kV03) == "0.3");
  for (const char* bad : {"0.2.5", "2.0", "1.1", "0.30", "", "v1"}) {
    CHECK(error_of([&] { (void)a2a::parse_protocol_version(bad); }).first == ErrorCode::kProtocolError);
  }
}

TEST_CASE("JSON-RPC: requests", "[a2a][jsonrpc]") {
  a2a::IdGenerator ids(7);
  const std::int64_t id = ids.next_request_id();
  CHECK(id == 1);
  CHECK(ids.next_request_id() == 2);
  const json::object req = a2a::make_request(id, Method::kGetTask, kV1, a2a::get_task_params("t-1", 5));
  CHECK(canon(req) == R"({"id":1,"jsonrpc":"2.0","method":"GetTask","params":{"historyLength":5,"id":"t-1"}})");
  const json::object card = a2a::make_request("abc", Method::kGetExtendedAgentCard, kV03, std::nullopt);
  CHECK(canon(card) == R"({"id":"abc","jsonrpc":"2.0","method":"agent/getAuthenticatedExtendedCard"})");
  CHECK(error_of([] { (void)a2a::make_request(1.5, "x", std::nullopt); }).first == ErrorCode::kProtocolError);
  CHECK(error_of([] { (void)a2a::make_request(nullptr, "x", std::nullopt); }).first == ErrorCode::kProtocolError);

  // uuid4 message ids: well formed, distinct, reproducible from the seed.
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    const std::string u = ids.uuid4();
    REQUIRE(u.size() == 36);
    REQUIRE((u[8] == '-' && u[13] == '-' && u[18] == '-' && u[23] == '-'));
    REQUIRE(u[14] == '4');
    REQUIRE(std::string("89ab").find(u[19]) != std::string::npos);
    REQUIRE(u.find_first_not_of("0123456789abcdef-") == std::string::npos);
    seen.insert(u);
  }
  CHECK(seen.size() == 1000);
  a2a::IdGenerator a(99);
  a2a::IdGenerator b(99);
  CHECK(a.uuid4() == b.uuid4());
  CHECK(a2a::IdGenerator(a2a::IdGenerator::random_seed()).uuid4().size() == 36);
}

TEST_CASE("JSON-RPC: responses are validated and errors become ProtocolError", "[a2a][jsonrpc]") {
  CHECK(a2a::parse_response(R"({"jsonrpc":"2.0","id":3,"result":{"ok":true}})", 3) == js(R"({"ok":true})"));
  CHECK(a2a::parse_response(R"({"jsonrpc":"2.0","id":"r-1","result":null})", "r-1").is_null());
  // Numeric ids compare by value whatever their JSON spelling.
  CHECK_NOTHROW(a2a::parse_response(R"({"jsonrpc":"2.0","id":3.0,"result":1})", 3));
  CHECK_NOTHROW(a2a::parse_response(R"({"jsonrpc":"2.0","id":3,"result":1})", std::uint64_t{3}));

  const std::vector<std::pair<std::string, std::string>> bad = {
      {R"({"jsonrpc":"2.0","id":4,"result":{}})", "response id 4 does not match the request id 3"},
      {R"({"jsonrpc":"2.0","id":"3","result":{}})", "does not match"},
      {R"({"jsonrpc":"2.0","id":null,"result":{}})", "does not match"},
      {R"({"jsonrpc":"1.0","id":3,"result":{}})", "\"jsonrpc\" must be \"2.0\""},
      {R"({"id":3,"result":{}})", "\"jsonrpc\" must be \"2.0\", got nothing"},
      {R"({"jsonrpc":"2.0","id":3})", "neither"},
      {R"({"jsonrpc":"2.0","id":3,"result":1,"error":{"code":1,"message":"m"}})", "both"},
      {R"({"jsonrpc":"2.0","result":1})", "no \"id\""},
      {R"([1])", "expected an object, got an array"},
      {R"({"jsonrpc":"2.0","id":3,"error":"boom"})", "\"error\" must be an object"},
      {R"({"jsonrpc":"2.0","id":3,"error":{"code":"x","message":"m"}})", "error.code must be an integer"},
      {R"({"jsonrpc":"2.0","id":3,"error":{"code":1}})", "error.message must be a string"},
      {R"({"jsonrpc":"2.0","id":3,"result":)", "not valid JSON"},
  };
  for (const auto& entry : bad) {
    const std::string& body = entry.first;
    const std::string& expect = entry.second;
    INFO("body: " << body);
    const auto [code, what] = error_of([&] { (void)a2a::parse_response(body, 3); });
    CHECK(code == ErrorCode::kProtocolError);
    CHECK_THAT(what, Catch::Contains(expect));
  }

  try {
    (void)a2a::parse_response(
        R"({"jsonrpc":"2.0","id":3,"error":{"code":-32001,"message":"Task not found","data":{"taskId":"t-9"}}})", 3);
    FAIL("expected a JsonRpcError");
  } catch (const a2a::JsonRpcError& e) {
    CHECK(e.code() == ErrorCode::kProtocolError);
    CHECK(e.name() == "ProtocolError");
    CHECK(e.rpc_code() == -32001);
    CHECK(e.rpc_message() == "Task not found");
    CHECK(e.data() == js(R"({"taskId":"t-9"})"));
    CHECK(std::string(e.what()) == "JSON-RPC error -32001 (TaskNotFoundError): Task not found");
  }
  // A server that could not read the request answers with a null id: the error still surfaces.
  try {
    (void)a2a::parse_response(R"({"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error"}})", 3);
    FAIL("expected a JsonRpcError");
  } catch (const a2a::JsonRpcError& e) {
    CHECK(e.rpc_code() == -32700);
    CHECK(e.data().is_null());
    CHECK_THAT(e.what(), Catch::Contains("JSONParseError"));
  }
  CHECK(a2a::rpc_error_name(-32009) == "VersionNotSupportedError");
  CHECK(a2a::rpc_error_name(-1).empty());
}

// ---- typed objects ---------------------------------------------------------------------------------

TEST_CASE("A2A types: messages round-trip with unknown members preserved", "[a2a][types]") {
  SECTION("v1.0") {
    const json::value in = js(kMessageV1);
    const a2a::Message m = a2a::parse_message(in, "message");
    CHECK(m.message_id == "m-1");
    CHECK(m.role == a2a::Role::kUser);
    REQUIRE(m.parts.size() == 5);
    CHECK(m.parts[0].kind == a2a::Part::Kind::kText);
    CHECK(m.parts[0].text == "hello");
    CHECK(m.parts[0].extra.contains("x-part-extra"));
    CHECK(m.parts[1].kind == a2a::Part::Kind::kFile);
    CHECK(m.parts[1].url == "https://example.com/a.pdf");
    CHECK(m.parts[2].raw == "aGVsbG8=");
    CHECK(m.parts[3].kind == a2a::Part::Kind::kData);
    CHECK(m.parts[4].kind == a2a::Part::Kind::kData);
    CHECK(m.parts[4].data.is_null());
    CHECK(m.extra.contains("x-vendor"));
    CHECK(m.extra.contains("taskId2"));
    CHECK(canon(a2a::to_json(m, kV1)) == canon(in));
  }
  SECTION("v0.3") {
    const json::value in = js(kMessageV03);
    const a2a::Message m = a2a::parse_message(in, "message");
    CHECK(m.role == a2a::Role::kAgent);
    CHECK_FALSE(m.context_id.has_value());     // null: not a value ...
    CHECK(m.extra.at("contextId").is_null());  // ... but kept verbatim
    REQUIRE(m.parts.size() == 4);
    CHECK(m.parts[1].media_type == "image/png");
    CHECK(m.parts[1].filename == "x.png");
    CHECK(m.parts[1].file_extra.contains("x-file"));
    CHECK(m.parts[2].raw == "AAEC");
    CHECK(canon(a2a::to_json(m, kV03)) == canon(in));
  }
  SECTION("across versions") {
    const a2a::Message m = a2a::parse_message(js(kMessageV03), "message");
    const json::object v1 = a2a::to_json(m, kV1);
    CHECK(v1.at("role") == "ROLE_AGENT");
    CHECK_FALSE(v1.contains("kind"));
    CHECK(canon(v1.at("parts").at(1)) ==
          R"({"filename":"x.png","mediaType":"image/png","url":"https://example.com/x.png"})");
    const a2a::Message back = a2a::parse_message(v1, "message");
    CHECK(canon(a2a::to_json(back, kV1)) == canon(v1));
  }
}

TEST_CASE("A2A types: tasks, stream responses and list results round-trip", "[a2a][types]") {
  const json::value task_in = js(kTaskV1);
  const a2a::Task task = a2a::parse_task(task_in, "result");
  CHECK(task.status.state == a2a::TaskState::kInputRequired);
  CHECK(a2a::is_interrupted(task.status.state));
  CHECK_FALSE(a2a::is_terminal(task.status.state));
  REQUIRE(task.status.message.has_value());
  CHECK(task.status.message->parts.at(0).text == "which file?");
  REQUIRE(task.artifacts.has_value());
  CHECK(task.artifacts->at(0).extra.contains("x-art"));
  CHECK(canon(a2a::to_json(task, kV1)) == canon(task_in));

  const std::vector<std::string> v1_events = {
      std::string(R"({"task":)") + kTaskV1 + "}",
      std::string(R"({"message":)") + kMessageV1 + R"(,"x-wrapper":1})",
      R"({"statusUpdate":{"taskId":"t","contextId":"c","status":{"state":"TASK_STATE_COMPLETED"},"metadata":{"a":1}}})",
      R"({"artifactUpdate":{"taskId":"t","contextId":"c","artifact":{"artifactId":"a","parts":[{"text":"chunk"}]},"append":true,"lastChunk":false}})",
  };
  for (std::size_t i = 0; i < v1_events.size(); ++i) {
    const json::value in = js(v1_events[i]);
    const a2a::StreamResponse r = a2a::parse_stream_response(in);
    CHECK(r.payload.index() == i);
    CHECK(canon(a2a::to_json(r, kV1)) == canon(in));
  }
  const std::vector<std::string> v03_events = {
      R"({"kind":"task","id":"t","contextId":"c","status":{"state":"working"}})",
      kMessageV03,
      R"({"kind":"status-update","taskId":"t","contextId":"c","status":{"state":"completed","timestamp":"x"},"final":true})",
      R"({"kind":"artifact-update","taskId":"t","contextId":"c","artifact":{"artifactId":"a","parts":[{"kind":"text","text":"x"}]},"lastChunk":true})",
  };
  for (std::size_t i = 0; i < v03_events.size(); ++i) {
    const json::value in = js(v03_events[i]);
    const a2a::StreamResponse r = a2a::parse_stream_response(in);
    CHECK(r.payload.index() == i);
    CHECK(canon(a2a::to_json(r, kV03)) == canon(in));
  }
  const a2a::StreamResponse final_event = a2a::parse_stream_response(js(v03_events[2]));
  CHECK(std::get<a2a::TaskStatusUpdateEvent>(final_event.payload).is_final == true);
  CHECK(final_event.task_id() == "t");
  CHECK(a2a::is_terminal(std::get<a2a::TaskStatusUpdateEvent>(final_event.payload).status.state));

  CHECK(a2a::parse_send_message_result(js(v1_events[0])).is_task());
  CHECK(a2a::parse_send_message_result(js(v03_events[1])).is_message());
  CHECK_THROWS_WITH(a2a::parse_send_message_result(js(v1_events[2])), Catch::Contains("must be a task or a message"));

  const json::value list_in =
      js(std::string(R"({"tasks":[)") + kTaskV1 + R"(],"nextPageToken":"p2","pageSize":50,"totalSize":51,"x":0})");
  const a2a::ListTasksResult list = a2a::parse_list_tasks_result(list_in);
  CHECK(list.tasks.size() == 1);
  CHECK(list.page_size == 50);
  CHECK(canon(a2a::to_json(list, kV1)) == canon(list_in));
}

TEST_CASE("A2A types: invalid objects name the offending field", "[a2a][types]") {
  const std::vector<std::tuple<std::string, std::string, std::string>> bad = {
      {"message", R"({"role":"ROLE_USER","parts":[]})", "message.messageId: required member is missing"},
      {"message", R"({"messageId":null,"role":"ROLE_USER","parts":[]})", "message.messageId: must not be null"},
      {"message", R"({"messageId":"m","role":"ROLE_BOSS","parts":[]})", "message.role: unknown role \"ROLE_BOSS\""},
      {"message", R"({"messageId":"m","role":"user","parts":[{"text":"a"},{"mediaType":"x"}]})",
       "message.parts[1]: a part needs one of \"text\", \"raw\", \"url\" or \"data\""},
      {"message", R"({"messageId":"m","role":"user","parts":[{"text":"a","url":"u"}]})",
       "message.parts[0]: a part has more than one of"},
      {"message", R"({"messageId":"m","role":"user","parts":[{"text":5}]})",
       "message.parts[0].text: expected a string, got a number"},
      {"message", R"({"messageId":"m","role":"user","parts":{}})", "message.parts: expected an array, got an object"},
      {"message", R"({"kind":"task","messageId":"m","role":"user","parts":[]})",
       "message.kind: expected \"message\", got \"task\""},
      {"message", R"({"messageId":"m","role":"user","parts":[{"kind":"file","file":{"name":"x"}}]})",
       "message.parts[0].file: a file needs exactly one of \"bytes\" or \"uri\""},
      {"message", R"({"messageId":"m","role":"user","parts":[{"kind":"video"}]})",
       "message.parts[0].kind: unknown part kind \"video\""},
      {"message", R"({"messageId":"m","role":"user","parts":[],"extensions":["a",1]})",
       "message.extensions[1]: expected a string, got a number"},
      {"message", R"([])", "message: expected an object, got an array"},
      {"result", R"({"task":{"id":"t","status":{"state":"done"}}})",
       "result.task.status.state: unknown task state \"done\""},
      {"result", R"({"task":{"id":"t"}})", "result.task.status: required member is missing"},
      {"result", R"({"task":{"id":"t","status":{"state":"working"}},"message":{}})",
       "result: has both \"task\" and \"message\""},
      {"result", R"({"other":1})",
       "result: needs one of \"task\", \"message\", \"statusUpdate\" or \"artifactUpdate\""},
      {"result", R"({"kind":"status"})", "result.kind: unknown event kind \"status\""},
      {"result", R"({"statusUpdate":{"taskId":"t","status":{"state":"working"}}})",
       "result.statusUpdate.contextId: required"},
      {"result",
       R"({"artifactUpdate":{"taskId":"t","contextId":"c","artifact":{"artifactId":"a","parts":[]},"append":"yes"}})",
       "result.artifactUpdate.append: expected a boolean, got a string"},
      {"list", R"({"tasks":[],"pageSize":1.5})", "list.pageSize: expected an integer, got 1.5"},
  };
  for (const auto& [what, text, expect] : bad) {
    INFO(text);
    const json::value v = js(text);
    const auto [code, message] = error_of([&, w = what] {
      if (w == "message") (void)a2a::parse_message(v, "message");
      if (w == "result") (void)a2a::parse_stream_response(v, "result");
      if (w == "list") (void)a2a::parse_list_tasks_result(v, "list");
    });
    CHECK(code == ErrorCode::kProtocolError);
    CHECK_THAT(message, Catch::Contains(expect));
  }
  // A 0.3 data part must carry an object.
  a2a::Message m;
  m.message_id = "m";
  m.parts.push_back(a2a::Part::data_part(json::value(3)));
  CHECK(error_of([&] { (void)a2a::to_json(m, kV03); }).first == ErrorCode::kProtocolError);
  CHECK_NOTHROW(a2a::to_json(m, kV1));
}

TEST_CASE("A2A types: agent cards of both versions round-trip and pick an endpoint", "[a2a][types]") {
  const json::value v1_in = js(kCardV1);
  const a2a::AgentCard v1 = a2a::parse_agent_card(v1_in);
  CHECK(v1.name == "Recipe Agent");
  CHECK(v1.capabilities.streaming == true);
  CHECK(v1.capabilities.extended_agent_card == true);
  REQUIRE(v1.capabilities.extensions.has_value());
  CHECK(v1.capabilities.extensions->at(0).params->at("n") == 1.5);
  CHECK(v1.skills.at(0).tags == std::vector<std::string>{"food"});
  REQUIRE(v1.signatures.has_value());
  CHECK(v1.signatures->at(0).protected_header == "eyJhbGciOiJFUzI1NiJ9");
  CHECK(v1.extra.contains("agentId"));
  CHECK(canon(a2a::to_json(v1)) == canon(v1_in));
  const a2a::Endpoint e1 = a2a::select_jsonrpc_endpoint(v1);
  CHECK(e1.url == "https://agent.example/a2a");
  CHECK(e1.version == kV1);
  CHECK(e1.tenant == "t1");

  const json::value v03_in = js(kCardV03);
  const a2a::AgentCard v03 = a2a::parse_agent_card(v03_in);
  CHECK(v03.protocol_version == "0.3.0");
  CHECK(v03.capabilities.state_transition_history == false);
  CHECK(canon(a2a::to_json(v03)) == canon(v03_in));
  const a2a::Endpoint e03 = a2a::select_jsonrpc_endpoint(v03);
  CHECK(e03.url == "https://old.example/a2a");
  CHECK(e03.version == kV03);

  // Only a 0.3 JSON-RPC interface in a 1.0-layout card: fall back to 0.3.
  json::value fallback = v1_in;
  fallback.at("supportedInterfaces").as_array().erase(fallback.at("supportedInterfaces").as_array().begin() + 2);
  CHECK(a2a::select_jsonrpc_endpoint(a2a::parse_agent_card(fallback)).version == kV03);
  // No usable JSON-RPC interface.
  json::value grpc_only = v1_in;
  grpc_only.at("supportedInterfaces").as_array().resize(1);
  CHECK_THROWS_WITH(a2a::select_jsonrpc_endpoint(a2a::parse_agent_card(grpc_only)),
                    Catch::Contains("declares no JSON-RPC interface"));
  json::value no_url = v03_in;
  no_url.as_object().erase("url");
  CHECK_THROWS_WITH(a2a::parse_agent_card(no_url),
                    Catch::Contains("needs \"supportedInterfaces\" (A2A 1.0) or \"url\""));
  json::value bad_skill = v1_in;
  bad_skill.at("skills").at(0).as_object().erase("tags");
  CHECK_THROWS_WITH(a2a::parse_agent_card(bad_skill),
                    Catch::Contains("agent card.skills[0].tags: required member is missing"));
  json::value bad_sig = v1_in;
  bad_sig.at("signatures").at(0).at("signature") = 5;
  CHECK_THROWS_WITH(a2a::parse_agent_card(bad_sig),
                    Catch::Contains("agent card.signatures[0].signature: expected a string"));
}

TEST_CASE("A2A request params", "[a2a][types]") {
  a2a::Message m;
  m.message_id = "m-1";
  m.parts.push_back(a2a::Part::text_part("hi"));
  a2a::SendConfiguration config;
  config.accepted_output_modes = std::vector<std::string>{"text/plain"};
  config.return_immediately = true;
  config.history_length = 3;
  CHECK(canon(a2a::send_message_params(m, kV1, config)) ==
        R"({"configuration":{"acceptedOutputModes":["text/plain"],"historyLength":3,"returnImmediately":true},)"
        R"("message":{"messageId":"m-1","parts":[{"text":"hi"}],"role":"ROLE_USER"}})");
  CHECK(canon(a2a::send_message_params(m, kV03, config, json::object{{"trace", "x"}})) ==
        R"({"configuration":{"acceptedOutputModes":["text/plain"],"blocking":false,"historyLength":3},)"
        R"("message":{"kind":"message","messageId":"m-1","parts":[{"kind":"text","text":"hi"}],"role":"user"},)"
        R"("metadata":{"trace":"x"}})");
  CHECK(canon(a2a::task_id_params("t-9")) == R"({"id":"t-9"})");
  a2a::ListTasksQuery q;
  q.context_id = "c";
  q.status = a2a::TaskState::kWorking;
  q.page_size = 10;
  q.include_artifacts = false;
  CHECK(canon(a2a::list_tasks_params(q)) ==
        R"({"contextId":"c","includeArtifacts":false,"pageSize":10,"status":"TASK_STATE_WORKING"})");
}

TEST_CASE("A2A: an SSE stream of JSON-RPC responses, end to end", "[a2a][sse]") {
  const std::string stream =
      "\xEF\xBB\xBF: connected\r\n\r\n"
      "data: {\"jsonrpc\":\"2.0\",\"id\":11,\"result\":{\"task\":{\"id\":\"t\",\"contextId\":\"c\",\"status\":"
      "{\"state\":\"TASK_STATE_SUBMITTED\"}}}}\r\n\r\n"
      "data: {\"jsonrpc\":\"2.0\",\"id\":11,\"result\":{\"artifactUpdate\":{\"taskId\":\"t\",\"contextId\":\"c\",\r\n"
      "data: \"artifact\":{\"artifactId\":\"a\",\"parts\":[{\"text\":\"par\"}]}}}}\r\n\r\n"
      "data: {\"jsonrpc\":\"2.0\",\"id\":11,\"result\":{\"statusUpdate\":{\"taskId\":\"t\",\"contextId\":\"c\","
      "\"status\":{\"state\":\"TASK_STATE_COMPLETED\"}}}}\r\n\r\n";
  for (std::size_t split = 0; split <= stream.size(); split += 7) {
    a2a::SseParser parser;
    std::vector<a2a::SseEvent> events;
    parser.feed(std::string_view(stream).substr(0, split), events);
    parser.feed(std::string_view(stream).substr(split), events);
    parser.finish();
    REQUIRE(events.size() == 3);
    std::vector<a2a::StreamResponse> updates;
    for (const a2a::SseEvent& e : events) {
      updates.push_back(a2a::parse_stream_response(a2a::parse_response(e.data, 11)));
    }
    CHECK(updates[0].is_task());
    CHECK(updates[1].is_artifact_update());
    CHECK(std::get<a2a::TaskArtifactUpdateEvent>(updates[1].payload).artifact.parts.at(0).text == "par");
    CHECK(updates[2].is_status_update());
    CHECK(a2a::is_terminal(std::get<a2a::TaskStatusUpdateEvent>(updates[2].payload).status.state));
  }
  // A response for another request in the stream is a ProtocolError.
  CHECK_THROWS_WITH(a2a::parse_response(R"({"jsonrpc":"2.0","id":12,"result":{}})", 11),
                    Catch::Contains("does not match"));
}
