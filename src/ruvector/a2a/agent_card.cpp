// The agent card (types.hpp): parse, write back and pick the JSON-RPC endpoint.
#include <optional>
#include <string>
#include <vector>

#include "ruvector/a2a/types.hpp"
#include "ruvector/a2a/types_members.hpp"
#include "ruvector/core/error.hpp"

namespace ruvector::a2a {

using detail::read_members;
using detail::write_members;
namespace json = boost::json;

namespace {

// The card never varies by protocol version (it carries both layouts' members), so its members are
// written with either version alike.
constexpr ProtocolVersion kCardWriteVersion = ProtocolVersion::kV1_0;

constexpr auto kInterfaceMembers = [](auto& io, auto& i) {
  io.member("url", i.url);
  io.member("protocolBinding", i.protocol_binding);
  io.member("transport", i.transport);
  io.member("tenant", i.tenant);
  io.member("protocolVersion", i.protocol_version);
  io.require(i.protocol_binding || i.transport, R"(needs "protocolBinding" (A2A 1.0) or "transport" (A2A 0.3))");
  io.extra(i.extra);
};

constexpr auto kProviderMembers = [](auto& io, auto& p) {
  io.member("organization", p.organization);
  io.member("url", p.url);
  io.extra(p.extra);
};

constexpr auto kExtensionMembers = [](auto& io, auto& e) {
  io.member("uri", e.uri);
  io.member("description", e.description);
  io.member("required", e.required);
  io.member("params", e.params);
  io.extra(e.extra);
};

constexpr auto kCapabilitiesMembers = [](auto& io, auto& c) {
  io.member("streaming", c.streaming);
  io.member("pushNotifications", c.push_notifications);
  io.member("extendedAgentCard", c.extended_agent_card);
  io.member("stateTransitionHistory", c.state_transition_history);
  io.list("extensions", c.extensions, kExtensionMembers);
  io.extra(c.extra);
};

constexpr auto kSkillMembers = [](auto& io, auto& s) {
  io.member("id", s.id);
  io.member("name", s.name);
  io.member("description", s.description);
  io.member("tags", s.tags);
  io.member("examples", s.examples);
  io.member("inputModes", s.input_modes);
  io.member("outputModes", s.output_modes);
  io.member("securityRequirements", s.security_requirements);
  io.member("security", s.security);
  io.extra(s.extra);
};

constexpr auto kSignatureMembers = [](auto& io, auto& s) {
  io.member("protected", s.protected_header);
  io.member("signature", s.signature);
  io.member("header", s.header);
  io.extra(s.extra);
};

constexpr auto kCardMembers = [](auto& io, auto& c) {
  io.member("name", c.name);
  io.member("description", c.description);
  io.member("version", c.version);
  io.list("supportedInterfaces", c.supported_interfaces, kInterfaceMembers);
  io.member("protocolVersion", c.protocol_version);
  io.member("url", c.url);
  io.member("preferredTransport", c.preferred_transport);
  io.list("additionalInterfaces", c.additional_interfaces, kInterfaceMembers);
  io.member("supportsAuthenticatedExtendedCard", c.supports_authenticated_extended_card);
  io.object("provider", c.provider, kProviderMembers);
  io.member("documentationUrl", c.documentation_url);
  io.member("iconUrl", c.icon_url);
  io.object("capabilities", c.capabilities, kCapabilitiesMembers);
  io.member("securitySchemes", c.security_schemes);
  io.member("securityRequirements", c.security_requirements);
  io.member("security", c.security);
  io.member("defaultInputModes", c.default_input_modes);
  io.member("defaultOutputModes", c.default_output_modes);
  io.list("skills", c.skills, kSkillMembers);
  io.list("signatures", c.signatures, kSignatureMembers);
  io.require(c.supported_interfaces || c.url, R"(needs "supportedInterfaces" (A2A 1.0) or "url" (A2A 0.3))");
  io.extra(c.extra);
};

}  // namespace

// ---- Agent card --------------------------------------------------------------------------------------

AgentCard parse_agent_card(const json::value& v, const std::string& path) {
  return read_members<AgentCard>(v, path, kCardMembers);
}

json::object to_json(const AgentCard& c) {
  return write_members(c, kCardWriteVersion, kCardMembers);
}

// ---- JSON-RPC endpoint ----------------------------------------------------------------------------

namespace {

// The version a card or interface declares, or nothing when it is absent or not one we speak.
std::optional<ProtocolVersion> spoken_version(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  try {
    return parse_protocol_version(*text);
  } catch (const Error&) {
    return std::nullopt;
  }
}

// A2A 1.0: the first JSONRPC entry of supportedInterfaces that speaks 1.x, else the first speaking 0.3.
std::optional<Endpoint> supported_interface_endpoint(const std::vector<AgentInterface>& interfaces) {
  for (const ProtocolVersion wanted : {ProtocolVersion::kV1_0, ProtocolVersion::kV0_3}) {
    for (const AgentInterface& i : interfaces) {
      if (i.protocol_binding.value_or(i.transport.value_or("")) != "JSONRPC") continue;
      if (spoken_version(i.protocol_version) == wanted) return Endpoint{i.url, wanted, i.tenant};
    }
  }
  return std::nullopt;
}

// A2A 0.3: the card's url when its preferred transport is JSONRPC (or unset), else the first
// JSONRPC entry of additionalInterfaces, spoken at the card's protocolVersion.
std::optional<Endpoint> card_url_endpoint(const AgentCard& card) {
  if (!card.url) return std::nullopt;
  const std::optional<ProtocolVersion> version = spoken_version(card.protocol_version);
  if (!version) return std::nullopt;
  if (card.preferred_transport.value_or("JSONRPC") == "JSONRPC") return Endpoint{*card.url, *version, std::nullopt};
  if (!card.additional_interfaces) return std::nullopt;
  for (const AgentInterface& i : *card.additional_interfaces) {
    if (i.transport.value_or(i.protocol_binding.value_or("")) == "JSONRPC")
      return Endpoint{i.url, *version, std::nullopt};
  }
  return std::nullopt;
}

}  // namespace

Endpoint select_jsonrpc_endpoint(const AgentCard& card) {
  if (card.supported_interfaces) {
    if (std::optional<Endpoint> endpoint = supported_interface_endpoint(*card.supported_interfaces)) return *endpoint;
  }
  if (std::optional<Endpoint> endpoint = card_url_endpoint(card)) return *endpoint;
  throw_error(ErrorCode::kProtocolError,
              "agent card \"" + card.name.substr(0, 80) +
                  "\" declares no JSON-RPC interface with a supported protocol version (1.0 or 0.3)");
}

}  // namespace ruvector::a2a
