#include "ruvector/a2a/types.hpp"

#include "ruvector/a2a/json_kind.hpp"

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>
#include <cmath>
#include <cstddef>
#include <utility>

#include "ruvector/core/error.hpp"

namespace ruvector::a2a {
namespace {

namespace json = boost::json;

[[noreturn]] void fail(const std::string& path, const std::string& message) {
  throw_error(ErrorCode::kProtocolError, path + ": " + message);
}

std::string_view sv(json::string_view s) {
  return {s.data(), s.size()};
}

std::string quoted(std::string_view s) {
  std::string out = json::serialize(json::value(json::string(s.substr(0, 60))));
  if (s.size() > 60) out.insert(out.size() - 1, "...");
  return out;
}

std::string index_path(const std::string& path, std::size_t i) {
  return path + "[" + std::to_string(i) + "]";
}

std::string as_string(const json::value& v, const std::string& path) {
  if (!v.is_string()) fail(path, "expected a string, got " + std::string(json_kind_name(v.kind())));
  return {v.get_string().data(), v.get_string().size()};
}

bool as_bool(const json::value& v, const std::string& path) {
  if (!v.is_bool()) fail(path, "expected a boolean, got " + std::string(json_kind_name(v.kind())));
  return v.get_bool();
}

std::int64_t as_int(const json::value& v, const std::string& path) {
  if (v.is_int64()) return v.get_int64();
  if (v.is_uint64() && v.get_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) {
    return static_cast<std::int64_t>(v.get_uint64());
  }
  if (v.is_double() && std::floor(v.get_double()) == v.get_double() &&
      std::fabs(v.get_double()) <= 9007199254740992.0) {
    return static_cast<std::int64_t>(v.get_double());
  }
  fail(path,
       "expected an integer, got " + (v.is_number() ? json::serialize(v) : std::string(json_kind_name(v.kind()))));
}

const json::object& as_object(const json::value& v, const std::string& path) {
  if (!v.is_object()) fail(path, "expected an object, got " + std::string(json_kind_name(v.kind())));
  return v.get_object();
}

const json::array& as_array(const json::value& v, const std::string& path) {
  if (!v.is_array()) fail(path, "expected an array, got " + std::string(json_kind_name(v.kind())));
  return v.get_array();
}

std::vector<std::string> as_strings(const json::value& v, const std::string& path) {
  const json::array& a = as_array(v, path);
  std::vector<std::string> out;
  out.reserve(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) out.push_back(as_string(a[i], index_path(path, i)));
  return out;
}

// The members of one JSON object, read one by one; what is not read is kept by rest().
class Fields {
 public:
  Fields(const json::value& v, std::string path) : obj_(&as_object(v, path)), path_(std::move(path)) {}

  [[nodiscard]] const std::string& path() const { return path_; }
  [[nodiscard]] std::string at(std::string_view key) const { return path_ + "." + std::string(key); }

  // The member, or nullptr when it is absent or null (a null stays in rest(), written back as is).
  const json::value* take(std::string_view key) {
    const json::value* v = obj_->if_contains(key);
    if (v == nullptr || v->is_null()) return nullptr;
    taken_.push_back(key);
    return v;
  }
  // Like take(), but a null value counts as present (for google.protobuf.Value members).
  const json::value* take_any(std::string_view key) {
    const json::value* v = obj_->if_contains(key);
    if (v != nullptr) taken_.push_back(key);
    return v;
  }
  const json::value& need(std::string_view key) {
    const json::value* v = take(key);
    if (v == nullptr) fail(at(key), obj_->contains(key) ? "must not be null" : "required member is missing");
    return *v;
  }

  std::string need_string(std::string_view key) { return as_string(need(key), at(key)); }
  std::optional<std::string> opt_string(std::string_view key) {
    const json::value* v = take(key);
    return v != nullptr ? std::optional<std::string>(as_string(*v, at(key))) : std::nullopt;
  }
  std::optional<bool> opt_bool(std::string_view key) {
    const json::value* v = take(key);
    return v != nullptr ? std::optional<bool>(as_bool(*v, at(key))) : std::nullopt;
  }
  std::optional<std::int64_t> opt_int(std::string_view key) {
    const json::value* v = take(key);
    return v != nullptr ? std::optional<std::int64_t>(as_int(*v, at(key))) : std::nullopt;
  }
  std::optional<json::object> opt_object(std::string_view key) {
    const json::value* v = take(key);
    return v != nullptr ? std::optional<json::object>(as_object(*v, at(key))) : std::nullopt;
  }
  std::optional<json::array> opt_array(std::string_view key) {
    const json::value* v = take(key);
    return v != nullptr ? std::optional<json::array>(as_array(*v, at(key))) : std::nullopt;
  }
  std::vector<std::string> need_strings(std::string_view key) { return as_strings(need(key), at(key)); }
  std::optional<std::vector<std::string>> opt_strings(std::string_view key) {
    const json::value* v = take(key);
    return v != nullptr ? std::optional<std::vector<std::string>>(as_strings(*v, at(key))) : std::nullopt;
  }
  template <class F>
  auto need_list(std::string_view key, F parse_item) {
    const std::string p = at(key);
    const json::array& a = as_array(need(key), p);
    std::vector<decltype(parse_item(a[0], p))> out;
    out.reserve(a.size());
    for (std::size_t i = 0; i < a.size(); ++i) out.push_back(parse_item(a[i], index_path(p, i)));
    return out;
  }
  template <class F>
  auto opt_list(std::string_view key, F parse_item) -> std::optional<decltype(need_list(key, parse_item))> {
    if (!has(key)) return std::nullopt;
    return need_list(key, parse_item);
  }
  [[nodiscard]] bool has(std::string_view key) const {
    const json::value* v = obj_->if_contains(key);
    return v != nullptr && !v->is_null();
  }
  // A 0.3 "kind" discriminator, if present, must equal `expected`.
  void check_kind(std::string_view expected) {
    if (const json::value* kind = take("kind")) {
      const std::string k = as_string(*kind, at("kind"));
      if (k != expected) fail(at("kind"), "expected " + quoted(expected) + ", got " + quoted(k));
    }
  }

  [[nodiscard]] json::object rest() const {
    json::object out;
    for (const json::key_value_pair& kv : *obj_) {
      if (std::find(taken_.begin(), taken_.end(), sv(kv.key())) == taken_.end()) out.emplace(kv.key(), kv.value());
    }
    return out;
  }

 private:
  const json::object* obj_;
  std::string path_;
  std::vector<std::string_view> taken_;
};

// ---- writing helpers ----

json::array to_array(const std::vector<std::string>& items) {
  json::array out;
  out.reserve(items.size());
  for (const std::string& s : items) out.emplace_back(s);
  return out;
}

template <class T>
json::array to_array(const std::vector<T>& items, ProtocolVersion version) {
  json::array out;
  out.reserve(items.size());
  for (const T& item : items) out.emplace_back(to_json(item, version));
  return out;
}

void put(json::object& out, std::string_view key, const std::optional<std::string>& v) {
  if (v) out[key] = *v;
}
void put(json::object& out, std::string_view key, const std::optional<bool>& v) {
  if (v) out[key] = *v;
}
void put(json::object& out, std::string_view key, const std::optional<std::int64_t>& v) {
  if (v) out[key] = *v;
}
void put(json::object& out, std::string_view key, const std::optional<json::object>& v) {
  if (v) out[key] = *v;
}
void put(json::object& out, std::string_view key, const std::optional<json::array>& v) {
  if (v) out[key] = *v;
}
void put(json::object& out, std::string_view key, const std::optional<std::vector<std::string>>& v) {
  if (v) out[key] = to_array(*v);
}
// Unknown members go back unless a known member of the same name was written.
void put_extra(json::object& out, const json::object& extra) {
  for (const json::key_value_pair& kv : extra) out.emplace(kv.key(), kv.value());
}

bool is_v1(ProtocolVersion version) {
  return version == ProtocolVersion::kV1_0;
}

// ---- agent card pieces ----

AgentInterface parse_interface(const json::value& v, const std::string& path) {
  Fields f(v, path);
  AgentInterface out;
  out.url = f.need_string("url");
  out.protocol_binding = f.opt_string("protocolBinding");
  out.transport = f.opt_string("transport");
  out.tenant = f.opt_string("tenant");
  out.protocol_version = f.opt_string("protocolVersion");
  if (!out.protocol_binding && !out.transport)
    fail(path, R"(needs "protocolBinding" (A2A 1.0) or "transport" (A2A 0.3))");
  out.extra = f.rest();
  return out;
}

json::object interface_json(const AgentInterface& i) {
  json::object out;
  out["url"] = i.url;
  put(out, "protocolBinding", i.protocol_binding);
  put(out, "transport", i.transport);
  put(out, "tenant", i.tenant);
  put(out, "protocolVersion", i.protocol_version);
  put_extra(out, i.extra);
  return out;
}

AgentExtension parse_extension(const json::value& v, const std::string& path) {
  Fields f(v, path);
  AgentExtension out;
  out.uri = f.opt_string("uri");
  out.description = f.opt_string("description");
  out.required = f.opt_bool("required");
  out.params = f.opt_object("params");
  out.extra = f.rest();
  return out;
}

AgentSkill parse_skill(const json::value& v, const std::string& path) {
  Fields f(v, path);
  AgentSkill out;
  out.id = f.need_string("id");
  out.name = f.need_string("name");
  out.description = f.need_string("description");
  out.tags = f.need_strings("tags");
  out.examples = f.opt_strings("examples");
  out.input_modes = f.opt_strings("inputModes");
  out.output_modes = f.opt_strings("outputModes");
  out.security_requirements = f.opt_array("securityRequirements");
  out.security = f.opt_array("security");
  out.extra = f.rest();
  return out;
}

AgentCardSignature parse_signature(const json::value& v, const std::string& path) {
  Fields f(v, path);
  AgentCardSignature out;
  out.protected_header = f.need_string("protected");
  out.signature = f.need_string("signature");
  out.header = f.opt_object("header");
  out.extra = f.rest();
  return out;
}

}  // namespace

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

// ---- Agent card --------------------------------------------------------------------------------------

AgentCard parse_agent_card(const json::value& v, const std::string& path) {
  Fields f(v, path);
  AgentCard c;
  c.name = f.need_string("name");
  c.description = f.need_string("description");
  c.version = f.need_string("version");
  c.supported_interfaces = f.opt_list("supportedInterfaces", parse_interface);
  c.protocol_version = f.opt_string("protocolVersion");
  c.url = f.opt_string("url");
  c.preferred_transport = f.opt_string("preferredTransport");
  c.additional_interfaces = f.opt_list("additionalInterfaces", parse_interface);
  c.supports_authenticated_extended_card = f.opt_bool("supportsAuthenticatedExtendedCard");
  if (const json::value* p = f.take("provider")) {
    Fields pf(*p, f.at("provider"));
    AgentProvider provider;
    provider.organization = pf.need_string("organization");
    provider.url = pf.need_string("url");
    provider.extra = pf.rest();
    c.provider = std::move(provider);
  }
  c.documentation_url = f.opt_string("documentationUrl");
  c.icon_url = f.opt_string("iconUrl");
  {
    Fields cf(f.need("capabilities"), f.at("capabilities"));
    c.capabilities.streaming = cf.opt_bool("streaming");
    c.capabilities.push_notifications = cf.opt_bool("pushNotifications");
    c.capabilities.extended_agent_card = cf.opt_bool("extendedAgentCard");
    c.capabilities.state_transition_history = cf.opt_bool("stateTransitionHistory");
    c.capabilities.extensions = cf.opt_list("extensions", parse_extension);
    c.capabilities.extra = cf.rest();
  }
  c.security_schemes = f.opt_object("securitySchemes");
  c.security_requirements = f.opt_array("securityRequirements");
  c.security = f.opt_array("security");
  c.default_input_modes = f.need_strings("defaultInputModes");
  c.default_output_modes = f.need_strings("defaultOutputModes");
  c.skills = f.need_list("skills", parse_skill);
  c.signatures = f.opt_list("signatures", parse_signature);
  if (!c.supported_interfaces && !c.url) {
    fail(path, R"(needs "supportedInterfaces" (A2A 1.0) or "url" (A2A 0.3))");
  }
  c.extra = f.rest();
  return c;
}

json::object to_json(const AgentCard& c) {
  json::object out;
  out["name"] = c.name;
  out["description"] = c.description;
  out["version"] = c.version;
  if (c.supported_interfaces) {
    json::array a;
    for (const AgentInterface& i : *c.supported_interfaces) a.emplace_back(interface_json(i));
    out["supportedInterfaces"] = std::move(a);
  }
  put(out, "protocolVersion", c.protocol_version);
  put(out, "url", c.url);
  put(out, "preferredTransport", c.preferred_transport);
  if (c.additional_interfaces) {
    json::array a;
    for (const AgentInterface& i : *c.additional_interfaces) a.emplace_back(interface_json(i));
    out["additionalInterfaces"] = std::move(a);
  }
  put(out, "supportsAuthenticatedExtendedCard", c.supports_authenticated_extended_card);
  if (c.provider) {
    json::object p;
    p["organization"] = c.provider->organization;
    p["url"] = c.provider->url;
    put_extra(p, c.provider->extra);
    out["provider"] = std::move(p);
  }
  put(out, "documentationUrl", c.documentation_url);
  put(out, "iconUrl", c.icon_url);
  {
    const AgentCapabilities& cap = c.capabilities;
    json::object o;
    put(o, "streaming", cap.streaming);
    put(o, "pushNotifications", cap.push_notifications);
    put(o, "extendedAgentCard", cap.extended_agent_card);
    put(o, "stateTransitionHistory", cap.state_transition_history);
    if (cap.extensions) {
      json::array a;
      for (const AgentExtension& e : *cap.extensions) {
        json::object eo;
        put(eo, "uri", e.uri);
        put(eo, "description", e.description);
        put(eo, "required", e.required);
        put(eo, "params", e.params);
        put_extra(eo, e.extra);
        a.emplace_back(std::move(eo));
      }
      o["extensions"] = std::move(a);
    }
    put_extra(o, cap.extra);
    out["capabilities"] = std::move(o);
  }
  put(out, "securitySchemes", c.security_schemes);
  put(out, "securityRequirements", c.security_requirements);
  put(out, "security", c.security);
  out["defaultInputModes"] = to_array(c.default_input_modes);
  out["defaultOutputModes"] = to_array(c.default_output_modes);
  {
    json::array a;
    for (const AgentSkill& s : c.skills) {
      json::object so;
      so["id"] = s.id;
      so["name"] = s.name;
      so["description"] = s.description;
      so["tags"] = to_array(s.tags);
      put(so, "examples", s.examples);
      put(so, "inputModes", s.input_modes);
      put(so, "outputModes", s.output_modes);
      put(so, "securityRequirements", s.security_requirements);
      put(so, "security", s.security);
      put_extra(so, s.extra);
      a.emplace_back(std::move(so));
    }
    out["skills"] = std::move(a);
  }
  if (c.signatures) {
    json::array a;
    for (const AgentCardSignature& s : *c.signatures) {
      json::object so;
      so["protected"] = s.protected_header;
      so["signature"] = s.signature;
      put(so, "header", s.header);
      put_extra(so, s.extra);
      a.emplace_back(std::move(so));
    }
    out["signatures"] = std::move(a);
  }
  put_extra(out, c.extra);
  return out;
}

Endpoint select_jsonrpc_endpoint(const AgentCard& card) {
  const auto version_of = [](const std::optional<std::string>& text) -> std::optional<ProtocolVersion> {
    if (!text) return std::nullopt;
    try {
      return parse_protocol_version(*text);
    } catch (const Error&) {
      return std::nullopt;
    }
  };
  if (card.supported_interfaces) {
    for (const ProtocolVersion wanted : {ProtocolVersion::kV1_0, ProtocolVersion::kV0_3}) {
      for (const AgentInterface& i : *card.supported_interfaces) {
        if (i.protocol_binding.value_or(i.transport.value_or("")) != "JSONRPC") continue;
        if (version_of(i.protocol_version) == wanted) return Endpoint{i.url, wanted, i.tenant};
      }
    }
  }
  if (card.url) {
    const std::optional<ProtocolVersion> version = version_of(card.protocol_version);
    if (version) {
      if (card.preferred_transport.value_or("JSONRPC") == "JSONRPC") return Endpoint{*card.url, *version, std::nullopt};
      if (card.additional_interfaces) {
        for (const AgentInterface& i : *card.additional_interfaces) {
          if (i.transport.value_or(i.protocol_binding.value_or("")) == "JSONRPC") {
            return Endpoint{i.url, *version, std::nullopt};
          }
        }
      }
    }
  }
  throw_error(ErrorCode::kProtocolError,
              "agent card \"" + card.name.substr(0, 80) +
                  "\" declares no JSON-RPC interface with a supported protocol version (1.0 or 0.3)");
}

// ---- request params --------------------------------------------------------------------------------

json::object send_message_params(const Message& message, ProtocolVersion version,
                                 const std::optional<SendConfiguration>& configuration,
                                 const std::optional<json::object>& metadata) {
  json::object params;
  params["message"] = to_json(message, version);
  if (configuration) {
    json::object c;
    put(c, "acceptedOutputModes", configuration->accepted_output_modes);
    put(c, "historyLength", configuration->history_length);
    if (configuration->return_immediately) {
      if (is_v1(version)) {
        c["returnImmediately"] = *configuration->return_immediately;
      } else {
        c["blocking"] = !*configuration->return_immediately;
      }
    }
    put_extra(c, configuration->extra);
    params["configuration"] = std::move(c);
  }
  put(params, "metadata", metadata);
  return params;
}

json::object get_task_params(std::string_view task_id, std::optional<std::int64_t> history_length) {
  json::object params;
  params["id"] = task_id;
  put(params, "historyLength", history_length);
  return params;
}

json::object task_id_params(std::string_view task_id) {
  json::object params;
  params["id"] = task_id;
  return params;
}

json::object list_tasks_params(const ListTasksQuery& query) {
  json::object params;
  put(params, "contextId", query.context_id);
  if (query.status) params["status"] = task_state_name(*query.status, ProtocolVersion::kV1_0);
  put(params, "pageSize", query.page_size);
  put(params, "pageToken", query.page_token);
  put(params, "historyLength", query.history_length);
  put(params, "statusTimestampAfter", query.status_timestamp_after);
  put(params, "includeArtifacts", query.include_artifacts);
  return params;
}

}  // namespace ruvector::a2a
