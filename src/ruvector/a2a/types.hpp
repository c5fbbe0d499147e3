// Typed A2A objects: parsed and validated from JSON, written back to JSON.
//
// Spec followed (looked up for this implementation):
//  - A2A v1.0: a2aproject/A2A specification/a2a.proto (package lf.a2a.v1) in its ProtoJSON form
//    (camelCase names, enums as "TASK_STATE_COMPLETED" / "ROLE_USER"), docs/specification.md and
//    docs/whats-new-v1.md. Member-based polymorphism, no "kind":
//      Part            {text | raw (base64) | url | data, metadata, filename, mediaType}
//      Message         {messageId, contextId, taskId, role, parts, metadata, extensions, referenceTaskIds}
//      TaskStatus      {state, message, timestamp}
//      Task            {id, contextId, status, artifacts, history, metadata}
//      Artifact        {artifactId, name, description, parts, metadata, extensions}
//      TaskStatusUpdateEvent   {taskId, contextId, status, metadata}            (no "final" in 1.0)
//      TaskArtifactUpdateEvent {taskId, contextId, artifact, append, lastChunk, metadata}
//      SendMessageResponse {task | message};  StreamResponse {task | message | statusUpdate | artifactUpdate}
//      ListTasksResponse {tasks, nextPageToken, pageSize, totalSize}
//      AgentCard {name, description, supportedInterfaces[{url, protocolBinding, tenant, protocolVersion}],
//                 provider{url, organization}, version, documentationUrl, capabilities{streaming,
//                 pushNotifications, extensions[{uri, description, required, params}], extendedAgentCard},
//                 securitySchemes, securityRequirements, defaultInputModes, defaultOutputModes,
//                 skills[{id, name, description, tags, examples, inputModes, outputModes,
//                 securityRequirements}], signatures[{protected, signature, header}], iconUrl}
//  - A2A v0.3.0 (JSON schema specification/json/a2a.json of the 0.3 line): "kind" discriminators
//    ("message", "task", "status-update", "artifact-update"; parts "text" / "file" / "data"),
//    lower-case enums ("user", "input-required", ...), FilePart {file: {bytes | uri, mimeType, name}},
//    TaskStatusUpdateEvent.final, and the card fields protocolVersion, url, preferredTransport,
//    additionalInterfaces[{url, transport}], capabilities.stateTransitionHistory, security,
//    supportsAuthenticatedExtendedCard.
//
// Parsing accepts either version's spelling (a v1.0 client reading a lower-case state still works);
// writing takes the version to speak. Every object keeps the members it does not know in `extra`
// and writes them back, so parse -> to_json reproduces the input (as JSON values: member order is
// not kept). A known optional member whose value is null is kept verbatim in `extra` too.
// Cross-version writing is best effort: v0.3 has no mediaType / filename on text and data parts
// (dropped) and v0.3 data parts must be objects (ProtocolError otherwise).
//
// Errors: ProtocolError (ErrorCode::kProtocolError) naming the field path, e.g.
// "result.task.status.state: unknown task state \"done\"" or "message.parts[1]: a part needs one
// of text, raw, url or data".
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "ruvector/a2a/jsonrpc.hpp"

namespace ruvector::a2a {

enum class Role : std::uint8_t { kUnspecified, kUser, kAgent };
enum class TaskState : std::uint8_t {
  kUnspecified,  // v1.0 TASK_STATE_UNSPECIFIED, v0.3 "unknown"
  kSubmitted,
  kWorking,
  kCompleted,
  kFailed,
  kCanceled,
  kInputRequired,
  kRejected,
  kAuthRequired,
};

std::string_view role_name(Role role, ProtocolVersion version) noexcept;  // "ROLE_USER" / "user"
std::string_view task_state_name(TaskState state,
                                 ProtocolVersion version) noexcept;  // "TASK_STATE_WORKING" / "working"
Role parse_role(std::string_view text, const std::string& path);
TaskState parse_task_state(std::string_view text, const std::string& path);
bool is_terminal(TaskState state) noexcept;     // completed, failed, canceled, rejected
bool is_interrupted(TaskState state) noexcept;  // input-required, auth-required

struct Part {
  enum class Kind : std::uint8_t { kText, kFile, kData };
  Kind kind = Kind::kText;
  std::string text;                       // kText
  std::optional<std::string> raw;         // kFile: base64 content (1.0 "raw", 0.3 file.bytes)
  std::optional<std::string> url;         // kFile: 1.0 "url", 0.3 file.uri
  boost::json::value data;                // kData
  std::optional<std::string> filename;    // 1.0 "filename", 0.3 file.name
  std::optional<std::string> media_type;  // 1.0 "mediaType", 0.3 file.mimeType
  std::optional<boost::json::object> metadata;
  boost::json::object extra;       // unknown members of the part
  boost::json::object file_extra;  // 0.3: unknown members of the "file" object

  static Part text_part(std::string text);
  static Part data_part(boost::json::value data);
  static Part url_part(std::string url, std::optional<std::string> media_type = std::nullopt,
                       std::optional<std::string> filename = std::nullopt);
  static Part raw_part(std::string base64, std::optional<std::string> media_type = std::nullopt,
                       std::optional<std::string> filename = std::nullopt);
};

struct Message {
  std::string message_id;
  Role role = Role::kUser;
  std::vector<Part> parts;
  std::optional<std::string> context_id;
  std::optional<std::string> task_id;
  std::optional<boost::json::object> metadata;
  std::optional<std::vector<std::string>> extensions;
  std::optional<std::vector<std::string>> reference_task_ids;
  boost::json::object extra;
};

struct TaskStatus {
  TaskState state = TaskState::kUnspecified;
  std::optional<Message> message;
  std::optional<std::string> timestamp;  // ISO 8601, kept as text
  boost::json::object extra;
};

struct Artifact {
  std::string artifact_id;
  std::optional<std::string> name;
  std::optional<std::string> description;
  std::vector<Part> parts;
  std::optional<boost::json::object> metadata;
  std::optional<std::vector<std::string>> extensions;
  boost::json::object extra;
};

struct Task {
  std::string id;
  std::optional<std::string> context_id;
  TaskStatus status;
  std::optional<std::vector<Artifact>> artifacts;
  std::optional<std::vector<Message>> history;
  std::optional<boost::json::object> metadata;
  boost::json::object extra;
};

struct TaskStatusUpdateEvent {
  std::string task_id;
  std::string context_id;
  TaskStatus status;
  std::optional<bool> is_final;  // 0.3 "final" (1.0 ends the stream instead)
  std::optional<boost::json::object> metadata;
  boost::json::object extra;
};

struct TaskArtifactUpdateEvent {
  std::string task_id;
  std::string context_id;
  Artifact artifact;
  std::optional<bool> append;
  std::optional<bool> last_chunk;
  std::optional<boost::json::object> metadata;
  boost::json::object extra;
};

// One `result` of SendStreamingMessage / SubscribeToTask (and, restricted to Task / Message, of
// SendMessage).
struct StreamResponse {
  std::variant<Task, Message, TaskStatusUpdateEvent, TaskArtifactUpdateEvent> payload;
  boost::json::object extra;  // 1.0: unknown members of the wrapper object

  [[nodiscard]] bool is_task() const noexcept { return payload.index() == 0; }
  [[nodiscard]] bool is_message() const noexcept { return payload.index() == 1; }
  [[nodiscard]] bool is_status_update() const noexcept { return payload.index() == 2; }
  [[nodiscard]] bool is_artifact_update() const noexcept { return payload.index() == 3; }
  // The task the event belongs to ("" for a message without taskId).
  [[nodiscard]] std::string task_id() const;
};

struct ListTasksResult {
  std::vector<Task> tasks;
  std::optional<std::string> next_page_token;
  std::optional<std::int64_t> page_size;
  std::optional<std::int64_t> total_size;
  boost::json::object extra;
};

// ---- Agent card -----------------------------------------------------------------------------
// One struct for both layouts: the 1.0 members and the 0.3-only members are separate optionals, so
// a card of either version round-trips exactly.

struct AgentInterface {
  std::string url;
  std::optional<std::string> protocol_binding;  // 1.0 "protocolBinding" (JSONRPC, GRPC, HTTP+JSON)
  std::optional<std::string> transport;         // 0.3 "transport"
  std::optional<std::string> tenant;
  std::optional<std::string> protocol_version;  // 1.0
  boost::json::object extra;
};

struct AgentProvider {
  std::string organization;
  std::string url;
  boost::json::object extra;
};

struct AgentExtension {
  std::optional<std::string> uri;
  std::optional<std::string> description;
  std::optional<bool> required;
  std::optional<boost::json::object> params;
  boost::json::object extra;
};

struct AgentCapabilities {
  std::optional<bool> streaming;
  std::optional<bool> push_notifications;
  std::optional<bool> extended_agent_card;       // 1.0
  std::optional<bool> state_transition_history;  // 0.3
  std::optional<std::vector<AgentExtension>> extensions;
  boost::json::object extra;
};

struct AgentSkill {
  std::string id;
  std::string name;
  std::string description;
  std::vector<std::string> tags;
  std::optional<std::vector<std::string>> examples;
  std::optional<std::vector<std::string>> input_modes;
  std::optional<std::vector<std::string>> output_modes;
  std::optional<boost::json::array> security_requirements;  // 1.0 "securityRequirements"
  std::optional<boost::json::array> security;               // 0.3 "security"
  boost::json::object extra;
};

struct AgentCardSignature {
  std::string protected_header;  // "protected": base64url JWS protected header
  std::string signature;         // base64url
  std::optional<boost::json::object> header;
  boost::json::object extra;
};

struct AgentCard {
  std::string name;
  std::string description;
  std::string version;
  std::optional<std::vector<AgentInterface>> supported_interfaces;   // 1.0 (required there)
  std::optional<std::string> protocol_version;                       // 0.3 (required there)
  std::optional<std::string> url;                                    // 0.3 (required there)
  std::optional<std::string> preferred_transport;                    // 0.3
  std::optional<std::vector<AgentInterface>> additional_interfaces;  // 0.3
  std::optional<bool> supports_authenticated_extended_card;          // 0.3
  std::optional<AgentProvider> provider;
  std::optional<std::string> documentation_url;
  std::optional<std::string> icon_url;
  AgentCapabilities capabilities;
  std::optional<boost::json::object> security_schemes;
  std::optional<boost::json::array> security_requirements;  // 1.0 "securityRequirements"
  std::optional<boost::json::array> security;               // 0.3 "security"
  std::vector<std::string> default_input_modes;
  std::vector<std::string> default_output_modes;
  std::vector<AgentSkill> skills;
  std::optional<std::vector<AgentCardSignature>> signatures;
  boost::json::object extra;
};

// The JSON-RPC endpoint of a card and the protocol version to speak there: the first 1.0
// supportedInterfaces entry with protocolBinding "JSONRPC" whose version is 1.x, else one with
// 0.3; for a 0.3 card its url (preferredTransport JSONRPC or absent) or the first
// additionalInterfaces entry with transport JSONRPC. ProtocolError when there is none.
struct Endpoint {
  std::string url;
  ProtocolVersion version = ProtocolVersion::kV1_0;
  std::optional<std::string> tenant;
};
Endpoint select_jsonrpc_endpoint(const AgentCard& card);

// ---- Parsing (path = where the value sits, for error messages) -------------------------------
Part parse_part(const boost::json::value& v, const std::string& path);
Message parse_message(const boost::json::value& v, const std::string& path);
TaskStatus parse_task_status(const boost::json::value& v, const std::string& path);
Artifact parse_artifact(const boost::json::value& v, const std::string& path);
Task parse_task(const boost::json::value& v, const std::string& path);
TaskStatusUpdateEvent parse_status_update(const boost::json::value& v, const std::string& path);
TaskArtifactUpdateEvent parse_artifact_update(const boost::json::value& v, const std::string& path);
// 1.0 wrapper {task|message|statusUpdate|artifactUpdate} or 0.3 object with "kind".
StreamResponse parse_stream_response(const boost::json::value& result, const std::string& path = "result");
// SendMessage: a Task or a Message (status / artifact updates are a ProtocolError).
StreamResponse parse_send_message_result(const boost::json::value& result, const std::string& path = "result");
ListTasksResult parse_list_tasks_result(const boost::json::value& result, const std::string& path = "result");
AgentCard parse_agent_card(const boost::json::value& v, const std::string& path = "agent card");

// ---- Writing ----------------------------------------------------------------------------------
boost::json::object to_json(const Part& part, ProtocolVersion version);
boost::json::object to_json(const Message& message, ProtocolVersion version);
boost::json::object to_json(const TaskStatus& status, ProtocolVersion version);
boost::json::object to_json(const Artifact& artifact, ProtocolVersion version);
boost::json::object to_json(const Task& task, ProtocolVersion version);
boost::json::object to_json(const TaskStatusUpdateEvent& event, ProtocolVersion version);
boost::json::object to_json(const TaskArtifactUpdateEvent& event, ProtocolVersion version);
boost::json::object to_json(const StreamResponse& response, ProtocolVersion version);
boost::json::object to_json(const ListTasksResult& result, ProtocolVersion version);
boost::json::object to_json(const AgentCard& card);  // the layout the card was read in

// ---- Request params ---------------------------------------------------------------------------
struct SendConfiguration {
  std::optional<std::vector<std::string>> accepted_output_modes;
  std::optional<std::int64_t> history_length;
  std::optional<bool> return_immediately;  // 1.0 "returnImmediately"; 0.3 "blocking" = !return_immediately
  boost::json::object extra;               // copied verbatim (e.g. a push notification config)
};

// SendMessage / SendStreamingMessage: {message, configuration?, metadata?}.
boost::json::object send_message_params(const Message& message, ProtocolVersion version,
                                        const std::optional<SendConfiguration>& configuration = std::nullopt,
                                        const std::optional<boost::json::object>& metadata = std::nullopt);
// GetTask: {id, historyLength?}.
boost::json::object get_task_params(std::string_view task_id,
                                    std::optional<std::int64_t> history_length = std::nullopt);
// CancelTask and SubscribeToTask: {id}.
boost::json::object task_id_params(std::string_view task_id);

struct ListTasksQuery {
  std::optional<std::string> context_id;
  std::optional<TaskState> status;
  std::optional<std::int64_t> page_size;
  std::optional<std::string> page_token;
  std::optional<std::int64_t> history_length;
  std::optional<std::string> status_timestamp_after;  // ISO 8601
  std::optional<bool> include_artifacts;
};
// ListTasks (1.0 only).
boost::json::object list_tasks_params(const ListTasksQuery& query);

}  // namespace ruvector::a2a
