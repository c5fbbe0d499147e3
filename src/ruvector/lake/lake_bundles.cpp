// Lake's bundle directories: publish, snapshot, warm restart and refresh (the OS's files natively,
// the module's file system in wasm: Pyodide's files under Pyodide).
#include <filesystem>
#include <optional>

#include "ruvector/core/error.hpp"
#include "ruvector/core/file_io.hpp"
#if !defined(__EMSCRIPTEN__)
#include "ruvector/core/mapped_file.hpp"
#endif
#include "ruvector/lake/bundle.hpp"
#include "ruvector/lake/lake.hpp"
#include "ruvector/lake/sidecar.hpp"
#include "ruvector/witness/transparency_log.hpp"

namespace ruvector::lake {
namespace {

std::string read_text(const std::string& path) {
  const std::vector<std::uint8_t> bytes = read_file(path);
  return {bytes.begin(), bytes.end()};
}

BundleSidecar read_sidecar(const std::string& dir) {
  return parse_sidecar(read_text(dir + "/" + kSidecarFileName));
}

}  // namespace

std::string default_log_dir(const std::string& bundle_dir) {
  const std::filesystem::path dir = std::filesystem::path(bundle_dir).lexically_normal();
  const std::filesystem::path parent = dir.has_parent_path() ? dir.parent_path() : std::filesystem::path(".");
  return (parent / "transparency-log").string();
}

namespace {

// Writes a bundle's three files into `dir`, replacing it atomically; returns the sidecar's path.
std::string write_bundle_dir(const BundleBytes& bundle, const std::string& dir) {
  const NamedBytes files[] = {
      {kIndexFileName, bundle.index}, {kWitnessFileName, bundle.witness}, {kSidecarFileName, bundle.sidecar}};
  replace_directory_atomic(dir, files);
  return dir + "/" + kSidecarFileName;
}

}  // namespace

std::string Lake::publish_bundle(const CollectionKey& key, const std::string& dir, const witness::NoteSigner* signer,
                                 const std::string& log_dir) {
  BundleBytes bundle = bundle_bytes(key, /*check=*/true);
  if (signer != nullptr) {
    // The log first: a crash after the append leaves an entry no bundle points at, never a bundle
    // whose entry is missing.
    BundleWitness record = parse_bundle_witness(
        std::string_view(reinterpret_cast<const char*>(bundle.witness.data()), bundle.witness.size()));
    witness::TransparencyLog log(log_dir.empty() ? default_log_dir(dir) : log_dir);
    const std::uint64_t leaf = log.append(bundle_log_entry(record));
    std::string note = log.write_checkpoint(signer->name(), *signer);
    record.log = BundleLogProof{std::move(note), leaf, log.size(), log.inclusion_proof(leaf, log.size())};
    const std::string json = bundle_witness_to_json(record);
    bundle.witness.assign(json.begin(), json.end());
  }
  return write_bundle_dir(bundle, dir);
}

std::string Lake::save_cache_to_dir(const CollectionKey& key, const std::string& dir) {
  return write_bundle_dir(bundle_bytes(key, /*check=*/false), dir);
}

std::size_t Lake::warm_from_dir(const CollectionKey& key, const std::string& dir,
                                std::span<const witness::NoteVerifier> trusted) {
  const std::string sidecar_json = read_text(dir + "/" + kSidecarFileName);
  const std::string witness_json = read_text(dir + "/" + kWitnessFileName);
#if defined(__EMSCRIPTEN__)
  // No mmap in wasm (and no page cache to share): the index is read into the module's memory.
  FileSource file(dir + "/" + kIndexFileName);
#else
  // Served from the mapping: no copy of the index, and the pages the verification pass read stay
  // in the page cache for the first searches.
  const auto file = std::make_shared<MappedFile>(dir + "/" + kIndexFileName);
#endif
  LoadedBundle bundle =
      load_verified_bundle(sidecar_json, witness_json, file, warm_keys(key, trusted), options_.threads);
  check_bundle(bundle.sidecar, bundle.index, dir);
  return install_warm(key,
                      {std::make_shared<const rabitq::RabitqIndex>(std::move(bundle.index)), std::move(bundle.sidecar),
                       std::move(bundle.trust)},
                      trusted, dir);
}

Lake::RefreshResult Lake::refresh_from_bundle_dir(const CollectionKey& key, const std::string& dir) {
  std::error_code error;
  if (!std::filesystem::exists(dir + "/" + kSidecarFileName, error)) return RefreshResult::kBundleMissing;
  const BundleSidecar sidecar = read_sidecar(dir);
  const std::optional<std::string> current = witness_of(key);
  if (!current) return RefreshResult::kNotCached;
  if (*current == sidecar.rvf_witness) return RefreshResult::kUpToDate;
  invalidate(key);
  return RefreshResult::kInvalidated;
}

std::string_view refresh_result_name(Lake::RefreshResult result) {
  switch (result) {
    case Lake::RefreshResult::kUpToDate: return "UP_TO_DATE";
    case Lake::RefreshResult::kInvalidated: return "INVALIDATED";
    case Lake::RefreshResult::kBundleMissing: return "BUNDLE_MISSING";
    case Lake::RefreshResult::kNotCached: break;
  }
  return "NOT_CACHED";
}

}  // namespace ruvector::lake
