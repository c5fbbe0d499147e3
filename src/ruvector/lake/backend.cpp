#include "ruvector/lake/backend.hpp"

#include "ruvector/core/error.hpp"

namespace ruvector::lake {

std::string generation_to_string(const Generation& generation) {
  if (const auto* number = std::get_if<std::uint64_t>(&generation)) return std::to_string(*number);
  return std::get<std::string>(generation);
}

void validate_pulled_batch(const PulledBatch& batch, const std::string& what) {
  if (batch.dim == 0 || batch.dim > kMaxPulledDim) {
    throw_error(ErrorCode::kInvalidInput,
                what + ": dim must be in [1, " + std::to_string(kMaxPulledDim) + "], got " + std::to_string(batch.dim));
  }
  if (static_cast<std::uint64_t>(batch.ids.size()) > kMaxPulledVectors) {
    throw_error(ErrorCode::kInvalidInput, what + ": " + std::to_string(batch.ids.size()) +
                                              " vectors exceed the cap of " + std::to_string(kMaxPulledVectors));
  }
  if (batch.vectors.size() % batch.dim != 0 || batch.vectors.size() / batch.dim != batch.ids.size()) {
    throw_error(ErrorCode::kDimensionMismatch, what + ": expected " + std::to_string(batch.ids.size()) + " x dim " +
                                                   std::to_string(batch.dim) + " values for " +
                                                   std::to_string(batch.ids.size()) + " ids, got " +
                                                   std::to_string(batch.vectors.size()));
  }
}

std::string bundle_witness_of(const BundleDescriptor& bundle) {
  return witness::bundle_witness_hex(bundle.data_ref, bundle.dim, bundle.rotation_seed, bundle.rerank_factor,
                                     bundle.generation);
}

std::size_t Backend::dimension(const std::string& collection) const {
  return pull(collection).dim;
}

std::optional<BundleBytes> Backend::pull_bundle(const std::string& /*collection*/) const {
  return std::nullopt;
}

std::string Backend::data_ref(const std::string& collection) const {
  return id() + "://" + collection;
}

BundleDescriptor Backend::current_bundle(const std::string& collection, std::uint64_t rotation_seed,
                                         std::uint64_t rerank_factor) const {
  BundleDescriptor bundle;
  // Generation first: if the data moves between the two calls the descriptor is stale, never newer
  // than its generation, and the next check sees the move.
  bundle.generation = generation(collection);
  bundle.dim = dimension(collection);
  bundle.data_ref = data_ref(collection);
  bundle.rotation_seed = rotation_seed;
  bundle.rerank_factor = rerank_factor;
  return bundle;
}

void throw_unknown_collection(const std::string& backend, const std::string& collection) {
  throw_error(ErrorCode::kInvalidInput, "unknown collection '" + collection + "' in backend '" + backend + "'");
}

}  // namespace ruvector::lake
