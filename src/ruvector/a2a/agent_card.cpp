// The agent card (types.hpp): parse, write back and pick the JSON-RPC endpoint.
#include <utility>

#include "ruvector/a2a/types.hpp"
#include "ruvector/a2a/types_json.hpp"
#include "ruvector/core/error.hpp"

namespace ruvector::a2a {

using detail::fail;
using detail::Fields;
using detail::put;
using detail::put_extra;
using detail::to_array;
namespace json = boost::json;

namespace {

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

}  // namespace ruvector::a2a
