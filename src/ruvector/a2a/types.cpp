// The A2A object model (types.hpp): enums, parts, messages, tasks, streaming events and list
// results, read strictly from either protocol version and written in the one asked for. The agent
// card is agent_card.cpp, request params request_params.cpp, the JSON helpers types_json.cpp.
#include "ruvector/a2a/types.hpp"

#include <utility>

#include "ruvector/a2a/json_kind.hpp"
#include "ruvector/a2a/types_json.hpp"
#include "ruvector/a2a/types_members.hpp"
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
using detail::read_members;
using detail::write_members;
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

// ---- Message, TaskStatus, Artifact, Task, streaming events -------------------------------------------
// Each member list is read by parse_* and written by to_json (types_members.hpp).

namespace {

constexpr auto kMessageMembers = [](auto& io, auto& m) {
  io.kind("message");
  io.member("messageId", m.message_id);
  io.member("role", m.role);
  io.member("parts", m.parts);
  io.member("contextId", m.context_id);
  io.member("taskId", m.task_id);
  io.member("metadata", m.metadata);
  io.member("extensions", m.extensions);
  io.member("referenceTaskIds", m.reference_task_ids);
  io.extra(m.extra);
};

constexpr auto kTaskStatusMembers = [](auto& io, auto& s) {
  io.member("state", s.state);
  io.object("message", s.message, kMessageMembers);
  io.member("timestamp", s.timestamp);
  io.extra(s.extra);
};

constexpr auto kArtifactMembers = [](auto& io, auto& a) {
  io.member("artifactId", a.artifact_id);
  io.member("name", a.name);
  io.member("description", a.description);
  io.member("parts", a.parts);
  io.member("metadata", a.metadata);
  io.member("extensions", a.extensions);
  io.extra(a.extra);
};

constexpr auto kTaskMembers = [](auto& io, auto& t) {
  io.kind("task");
  io.member("id", t.id);
  io.member("contextId", t.context_id);
  io.object("status", t.status, kTaskStatusMembers);
  io.list("artifacts", t.artifacts, kArtifactMembers);
  io.list("history", t.history, kMessageMembers);
  io.member("metadata", t.metadata);
  io.extra(t.extra);
};

constexpr auto kStatusUpdateMembers = [](auto& io, auto& e) {
  io.kind("status-update");
  io.member("taskId", e.task_id);
  io.member("contextId", e.context_id);
  io.object("status", e.status, kTaskStatusMembers);
  io.member("final", e.is_final);
  io.member("metadata", e.metadata);
  io.extra(e.extra);
};

constexpr auto kArtifactUpdateMembers = [](auto& io, auto& e) {
  io.kind("artifact-update");
  io.member("taskId", e.task_id);
  io.member("contextId", e.context_id);
  io.object("artifact", e.artifact, kArtifactMembers);
  io.member("append", e.append);
  io.member("lastChunk", e.last_chunk);
  io.member("metadata", e.metadata);
  io.extra(e.extra);
};

constexpr auto kListTasksResultMembers = [](auto& io, auto& r) {
  io.list("tasks", r.tasks, kTaskMembers);
  io.member("nextPageToken", r.next_page_token);
  io.member("pageSize", r.page_size);
  io.member("totalSize", r.total_size);
  io.extra(r.extra);
};

}  // namespace

Message parse_message(const json::value& v, const std::string& path) {
  return read_members<Message>(v, path, kMessageMembers);
}
json::object to_json(const Message& m, ProtocolVersion version) {
  return write_members(m, version, kMessageMembers);
}

TaskStatus parse_task_status(const json::value& v, const std::string& path) {
  return read_members<TaskStatus>(v, path, kTaskStatusMembers);
}
json::object to_json(const TaskStatus& s, ProtocolVersion version) {
  return write_members(s, version, kTaskStatusMembers);
}

Artifact parse_artifact(const json::value& v, const std::string& path) {
  return read_members<Artifact>(v, path, kArtifactMembers);
}
json::object to_json(const Artifact& a, ProtocolVersion version) {
  return write_members(a, version, kArtifactMembers);
}

Task parse_task(const json::value& v, const std::string& path) {
  return read_members<Task>(v, path, kTaskMembers);
}
json::object to_json(const Task& t, ProtocolVersion version) {
  return write_members(t, version, kTaskMembers);
}

TaskStatusUpdateEvent parse_status_update(const json::value& v, const std::string& path) {
  return read_members<TaskStatusUpdateEvent>(v, path, kStatusUpdateMembers);
}
json::object to_json(const TaskStatusUpdateEvent& e, ProtocolVersion version) {
  return write_members(e, version, kStatusUpdateMembers);
}

TaskArtifactUpdateEvent parse_artifact_update(const json::value& v, const std::string& path) {
  return read_members<TaskArtifactUpdateEvent>(v, path, kArtifactUpdateMembers);
}
json::object to_json(const TaskArtifactUpdateEvent& e, ProtocolVersion version) {
  return write_members(e, version, kArtifactUpdateMembers);
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
  return read_members<ListTasksResult>(result, path, kListTasksResultMembers);
}
json::object to_json(const ListTasksResult& r, ProtocolVersion version) {
  return write_members(r, version, kListTasksResultMembers);
}

}  // namespace ruvector::a2a
