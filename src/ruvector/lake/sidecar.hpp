// The bundle sidecar `table.rulake.json` (upstream RuLakeBundle, format_version 2): what a published
// bundle holds, and its bundle witness. Written exactly as upstream writes it (serde_json pretty
// printing, upstream's field order), so each side reads the other's files.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "ruvector/lake/backend.hpp"

namespace ruvector::lake {

inline constexpr const char* kSidecarFileName = "table.rulake.json";
inline constexpr std::uint32_t kSidecarFormatVersion = 2;

struct BundleSidecar {
  std::uint32_t format_version = kSidecarFormatVersion;
  BundleDescriptor bundle;
  std::string rvf_witness;  // SHAKE-256 bundle witness, lower-case hex
  std::optional<std::string> pii_policy;
  std::optional<std::string> lineage_id;
  std::optional<std::string> memory_class;  // written only when set, as upstream
};

// A sidecar for `bundle` with its witness computed.
BundleSidecar make_sidecar(const BundleDescriptor& bundle);

std::string sidecar_to_json(const BundleSidecar& sidecar);

// Parses and checks a sidecar (the fuzz entry point): malformed JSON, missing or mistyped fields,
// oversized values (64 KiB in all, 4 KiB per string, upstream's caps) or a newer format_version
// raise PersistError; an rvf_witness that does not match the fields raises WitnessMismatch.
BundleSidecar parse_sidecar(std::string_view json);

}  // namespace ruvector::lake
