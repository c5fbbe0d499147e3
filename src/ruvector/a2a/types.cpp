// The A2A object model (types.hpp): enums, parts, messages, tasks, streaming events and list
// results, read strictly from either protocol version and written in the one asked for. The agent
// card is agent_card.cpp, request params request_params.cpp, the JSON helpers types_json.cpp.
#include "ruvector/a2a/types.hpp"

#include <utility>

#include "ruvector/a2a/json_kind.hpp"
#include "ruvector/a2a/types_json.hpp"
#include "ruvector/core/error.hpp"

namespace ruvector::a2a {

using detail::as_object;
using detail::as_string;
using detail::fail;
using detail::Fields;
using detail::is_v1;
using detail::put;
using detail::put_extra;
using detail::quoted;
using detail::to_array;
namespace json = boost::json;

// ---- enums -------------------------------------------------------------------------------------

std::string_view role_name(Role role, ProtocolVersion version) noexcept {
  const bool v1 = is_v1(version);
  switch (role) {
    case Role::kUser: return v1 ? "ROLE_USER" : "user";
    case Role::kAgent: return v1 ? "ROLE_AGENT" : "agent";
    case Role::kUnspecified: break;
  }
  return "ROLE_UNSPECIFIED";
}

Role parse_role(std::string_view text, const std::string& path) {
  if (text == "ROLE_USER" || text == "user") return Role::kUser;
  if (text == "ROLE_AGENT" || text == "agent") return Role::kAgent;
  if (text == "ROLE_UNSPECIFIED") return Role::kUnspecified;
  fail(path, "unknown role " + quoted(text) + " (expected ROLE_USER, ROLE_AGENT, user or agent)");
}

namespace {
struct StateName {
  TaskState state;
  std::string_view v1;
  std::string_view v03;
};
constexpr StateName kStateNames[] = {
    {TaskState::kUnspecified, "TASK_STATE_UNSPECIFIED", "unknown"},
    {TaskState::kSubmitted, "TASK_STATE_SUBMITTED", "submitted"},
    {TaskState::kWorking, "TASK_STATE_WORKING", "working"},
    {TaskState::kCompleted, "TASK_STATE_COMPLETED", "completed"},
    {TaskState::kFailed, "TASK_STATE_FAILED", "failed"},
    {TaskState::kCanceled, "TASK_STATE_CANCELED", "canceled"},
    {TaskState::kInputRequired, "TASK_STATE_INPUT_REQUIRED", "input-required"},
    {TaskState::kRejected, "TASK_STATE_REJECTED", "rejected"},
    {TaskState::kAuthRequired, "TASK_STATE_AUTH_REQUIRED", "auth-required"},
};
}  // namespace

std::string_view task_state_name(TaskState state, ProtocolVersion version) noexcept {
  for (const StateName& n : kStateNames) {
    if (n.state == state) return is_v1(version) ? n.v1 : n.v03;
  }
  return is_v1(version) ? "TASK_STATE_UNSPECIFIED" : "unknown";
}

TaskState parse_task_state(std::string_view text, const std::string& path) {
  for (const StateName& n : kStateNames) {
    if (text == n.v1 || text == n.v03) return n.state;
  }
  fail(path, "unknown task state " + quoted(text));
}

bool is_terminal(TaskState state) noexcept {
  return state == TaskState::kCompleted || state == TaskState::kFailed || state == TaskState::kCanceled ||
         state == TaskState::kRejected;
}

bool is_interrupted(TaskState state) noexcept {
  return state == TaskState::kInputRequired || state == TaskState::kAuthRequired;
}

// ---- Part ----------------------------------------------------------------------------------------

Part Part::text_part(std::string text) {
  Part p;
  p.kind = Kind::kText;
  p.text = std::move(text);
  return p;
}

Part Part::data_part(json::value data) {
  Part p;
  p.kind = Kind::kData;
  p.data = std::move(data);
  return p;
}

Part Part::url_part(std::string url, std::optional<std::string> media_type, std::optional<std::string> filename) {
  Part p;
  p.kind = Kind::kFile;
  p.url = std::move(url);
  p.media_type = std::move(media_type);
  p.filename = std::move(filename);
  return p;
}

Part Part::raw_part(std::string base64, std::optional<std::string> media_type, std::optional<std::string> filename) {
  Part p;
  p.kind = Kind::kFile;
  p.raw = std::move(base64);
  p.media_type = std::move(media_type);
  p.filename = std::move(filename);
  return p;
}

Part parse_part(const json::value& v, const std::string& path) {
  Fields f(v, path);
  Part p;
  if (const json::value* kind = f.take("kind")) {  // A2A 0.3: TextPart / FilePart / DataPart
    const std::string k = as_string(*kind, f.at("kind"));
    if (k == "text") {
      p.kind = Part::Kind::kText;
      p.text = f.need_string("text");
    } else if (k == "file") {
      p.kind = Part::Kind::kFile;
      Fields file(f.need("file"), f.at("file"));
      p.raw = file.opt_string("bytes");
      p.url = file.opt_string("uri");
      if (p.raw.has_value() == p.url.has_value()) fail(file.path(), R"(a file needs exactly one of "bytes" or "uri")");
      p.filename = file.opt_string("name");
      p.media_type = file.opt_string("mimeType");
      p.file_extra = file.rest();
    } else if (k == "data") {
      p.kind = Part::Kind::kData;
      p.data = f.need("data");
    } else {
      fail(f.at("kind"), "unknown part kind " + quoted(k) + " (expected text, file or data)");
    }
  } else {  // A2A 1.0: oneof text / raw / url / data
    const json::value* text = f.take("text");
    const json::value* raw = f.take("raw");
    const json::value* url = f.take("url");
    const json::value* data = f.take_any("data");
    const int count = (text != nullptr) + (raw != nullptr) + (url != nullptr) + (data != nullptr);
    if (count != 1) {
      fail(path, count == 0 ? R"(a part needs one of "text", "raw", "url" or "data")"
                            : R"(a part has more than one of "text", "raw", "url" and "data")");
    }
    if (text != nullptr) {
      p.kind = Part::Kind::kText;
      p.text = as_string(*text, f.at("text"));
    } else if (data != nullptr) {
      p.kind = Part::Kind::kData;
      p.data = *data;
    } else {
      p.kind = Part::Kind::kFile;
      if (raw != nullptr) p.raw = as_string(*raw, f.at("raw"));
      if (url != nullptr) p.url = as_string(*url, f.at("url"));
    }
    p.filename = f.opt_string("filename");
    p.media_type = f.opt_string("mediaType");
  }
  p.metadata = f.opt_object("metadata");
  p.extra = f.rest();
  return p;
}

json::object to_json(const Part& part, ProtocolVersion version) {
  json::object out;
  if (is_v1(version)) {
    switch (part.kind) {
      case Part::Kind::kText: out["text"] = part.text; break;
      case Part::Kind::kData: out["data"] = part.data; break;
      case Part::Kind::kFile:
        put(out, "raw", part.raw);
        put(out, "url", part.url);
        break;
    }
    put(out, "filename", part.filename);
    put(out, "mediaType", part.media_type);
  } else {
    switch (part.kind) {
      case Part::Kind::kText:
        out["kind"] = "text";
        out["text"] = part.text;
        break;
      case Part::Kind::kData:
        if (!part.data.is_object()) {
          throw_error(ErrorCode::kProtocolError, "an A2A 0.3 data part must carry an object, got " +
                                                     std::string(json_kind_name(part.data.kind())));
        }
        out["kind"] = "data";
        out["data"] = part.data;
        break;
      case Part::Kind::kFile: {
        out["kind"] = "file";
        json::object file;
        put(file, "bytes", part.raw);
        put(file, "uri", part.url);
        put(file, "name", part.filename);
        put(file, "mimeType", part.media_type);
        put_extra(file, part.file_extra);
        out["file"] = std::move(file);
        break;
      }
    }
  }
  put(out, "metadata", part.metadata);
  put_extra(out, part.extra);
  return out;
}

// ---- Message -------------------------------------------------------------------------------------

Message parse_message(const json::value& v, const std::string& path) {
  Fields f(v, path);
  f.check_kind("message");
  Message m;
  m.message_id = f.need_string("messageId");
  m.role = parse_role(f.need_string("role"), f.at("role"));
  m.parts = f.need_list("parts", parse_part);
  m.context_id = f.opt_string("contextId");
  m.task_id = f.opt_string("taskId");
  m.metadata = f.opt_object("metadata");
  m.extensions = f.opt_strings("extensions");
  m.reference_task_ids = f.opt_strings("referenceTaskIds");
  m.extra = f.rest();
  return m;
}

json::object to_json(const Message& m, ProtocolVersion version) {
  json::object out;
  if (!is_v1(version)) out["kind"] = "message";
  out["messageId"] = m.message_id;
  out["role"] = role_name(m.role, version);
  out["parts"] = to_array(m.parts, version);
  put(out, "contextId", m.context_id);
  put(out, "taskId", m.task_id);
  put(out, "metadata", m.metadata);
  put(out, "extensions", m.extensions);
  put(out, "referenceTaskIds", m.reference_task_ids);
  put_extra(out, m.extra);
  return out;
}

// ---- TaskStatus, Artifact, Task --------------------------------------------------------------------

TaskStatus parse_task_status(const json::value& v, const std::string& path) {
  Fields f(v, path);
  TaskStatus s;
  s.state = parse_task_state(f.need_string("state"), f.at("state"));
  if (const json::value* m = f.take("message")) s.message = parse_message(*m, f.at("message"));
  s.timestamp = f.opt_string("timestamp");
  s.extra = f.rest();
  return s;
}

json::object to_json(const TaskStatus& s, ProtocolVersion version) {
  json::object out;
  out["state"] = task_state_name(s.state, version);
  if (s.message) out["message"] = to_json(*s.message, version);
  put(out, "timestamp", s.timestamp);
  put_extra(out, s.extra);
  return out;
}

Artifact parse_artifact(const json::value& v, const std::string& path) {
  Fields f(v, path);
  Artifact a;
  a.artifact_id = f.need_string("artifactId");
  a.name = f.opt_string("name");
  a.description = f.opt_string("description");
  a.parts = f.need_list("parts", parse_part);
  a.metadata = f.opt_object("metadata");
  a.extensions = f.opt_strings("extensions");
  a.extra = f.rest();
  return a;
}

json::object to_json(const Artifact& a, ProtocolVersion version) {
  json::object out;
  out["artifactId"] = a.artifact_id;
  put(out, "name", a.name);
  put(out, "description", a.description);
  out["parts"] = to_array(a.parts, version);
  put(out, "metadata", a.metadata);
  put(out, "extensions", a.extensions);
  put_extra(out, a.extra);
  return out;
}

Task parse_task(const json::value& v, const std::string& path) {
  Fields f(v, path);
  f.check_kind("task");
  Task t;
  t.id = f.need_string("id");
  t.context_id = f.opt_string("contextId");
  t.status = parse_task_status(f.need("status"), f.at("status"));
  t.artifacts = f.opt_list("artifacts", parse_artifact);
  t.history = f.opt_list("history", parse_message);
  t.metadata = f.opt_object("metadata");
  t.extra = f.rest();
  return t;
}

json::object to_json(const Task& t, ProtocolVersion version) {
  json::object out;
  if (!is_v1(version)) out["kind"] = "task";
  out["id"] = t.id;
  put(out, "contextId", t.context_id);
  out["status"] = to_json(t.status, version);
  if (t.artifacts) out["artifacts"] = to_array(*t.artifacts, version);
  if (t.history) out["history"] = to_array(*t.history, version);
  put(out, "metadata", t.metadata);
  put_extra(out, t.extra);
  return out;
}

// ---- streaming events ------------------------------------------------------------------------------

TaskStatusUpdateEvent parse_status_update(const json::value& v, const std::string& path) {
  Fields f(v, path);
  f.check_kind("status-update");
  TaskStatusUpdateEvent e;
  e.task_id = f.need_string("taskId");
  e.context_id = f.need_string("contextId");
  e.status = parse_task_status(f.need("status"), f.at("status"));
  e.is_final = f.opt_bool("final");
  e.metadata = f.opt_object("metadata");
  e.extra = f.rest();
  return e;
}

json::object to_json(const TaskStatusUpdateEvent& e, ProtocolVersion version) {
  json::object out;
  if (!is_v1(version)) out["kind"] = "status-update";
  out["taskId"] = e.task_id;
  out["contextId"] = e.context_id;
  out["status"] = to_json(e.status, version);
  put(out, "final", e.is_final);
  put(out, "metadata", e.metadata);
  put_extra(out, e.extra);
  return out;
}

TaskArtifactUpdateEvent parse_artifact_update(const json::value& v, const std::string& path) {
  Fields f(v, path);
  f.check_kind("artifact-update");
  TaskArtifactUpdateEvent e;
  e.task_id = f.need_string("taskId");
  e.context_id = f.need_string("contextId");
  e.artifact = parse_artifact(f.need("artifact"), f.at("artifact"));
  e.append = f.opt_bool("append");
  e.last_chunk = f.opt_bool("lastChunk");
  e.metadata = f.opt_object("metadata");
  e.extra = f.rest();
  return e;
}

json::object to_json(const TaskArtifactUpdateEvent& e, ProtocolVersion version) {
  json::object out;
  if (!is_v1(version)) out["kind"] = "artifact-update";
  out["taskId"] = e.task_id;
  out["contextId"] = e.context_id;
  out["artifact"] = to_json(e.artifact, version);
  put(out, "append", e.append);
  put(out, "lastChunk", e.last_chunk);
  put(out, "metadata", e.metadata);
  put_extra(out, e.extra);
  return out;
}

std::string StreamResponse::task_id() const {
  switch (payload.index()) {
    case 0: return std::get<0>(payload).id;
    case 1: return std::get<1>(payload).task_id.value_or("");
    case 2: return std::get<2>(payload).task_id;
    default: return std::get<3>(payload).task_id;
  }
}

StreamResponse parse_stream_response(const json::value& result, const std::string& path) {
  const json::object& obj = as_object(result, path);
  StreamResponse out{Task{}, {}};
  if (const json::value* kind = obj.if_contains("kind")) {  // A2A 0.3: the object itself, discriminated by kind
    const std::string k = as_string(*kind, path + ".kind");
    if (k == "task") {
      out.payload = parse_task(result, path);
    } else if (k == "message") {
      out.payload = parse_message(result, path);
    } else if (k == "status-update") {
      out.payload = parse_status_update(result, path);
    } else if (k == "artifact-update") {
      out.payload = parse_artifact_update(result, path);
    } else {
      fail(path + ".kind",
           "unknown event kind " + quoted(k) + " (expected task, message, status-update or artifact-update)");
    }
    return out;
  }
  // A2A 1.0: a wrapper with exactly one of task / message / statusUpdate / artifactUpdate.
  Fields f(result, path);
  static constexpr std::string_view kMembers[] = {"task", "message", "statusUpdate", "artifactUpdate"};
  int found = -1;
  for (int i = 0; i < 4; ++i) {
    if (!f.has(kMembers[i])) continue;
    if (found >= 0) {
      fail(path, "has both \"" + std::string(kMembers[found]) + "\" and \"" + std::string(kMembers[i]) + "\"");
    }
    found = i;
  }
  switch (found) {
    case 0: out.payload = parse_task(f.need("task"), f.at("task")); break;
    case 1: out.payload = parse_message(f.need("message"), f.at("message")); break;
    case 2: out.payload = parse_status_update(f.need("statusUpdate"), f.at("statusUpdate")); break;
    case 3: out.payload = parse_artifact_update(f.need("artifactUpdate"), f.at("artifactUpdate")); break;
    default: fail(path, R"(needs one of "task", "message", "statusUpdate" or "artifactUpdate")");
  }
  out.extra = f.rest();
  return out;
}

StreamResponse parse_send_message_result(const json::value& result, const std::string& path) {
  StreamResponse out = parse_stream_response(result, path);
  if (!out.is_task() && !out.is_message()) fail(path, "a SendMessage result must be a task or a message");
  return out;
}

json::object to_json(const StreamResponse& r, ProtocolVersion version) {
  json::object inner = std::visit([&](const auto& p) { return to_json(p, version); }, r.payload);
  if (!is_v1(version)) return inner;
  static constexpr std::string_view kMembers[] = {"task", "message", "statusUpdate", "artifactUpdate"};
  json::object out;
  out[kMembers[r.payload.index()]] = std::move(inner);
  put_extra(out, r.extra);
  return out;
}

ListTasksResult parse_list_tasks_result(const json::value& result, const std::string& path) {
  Fields f(result, path);
  ListTasksResult out;
  out.tasks = f.need_list("tasks", parse_task);
  out.next_page_token = f.opt_string("nextPageToken");
  out.page_size = f.opt_int("pageSize");
  out.total_size = f.opt_int("totalSize");
  out.extra = f.rest();
  return out;
}

json::object to_json(const ListTasksResult& r, ProtocolVersion version) {
  json::object out;
  out["tasks"] = to_array(r.tasks, version);
  put(out, "nextPageToken", r.next_page_token);
  put(out, "pageSize", r.page_size);
  put(out, "totalSize", r.total_size);
  put_extra(out, r.extra);
  return out;
}

}  // namespace ruvector::a2a
