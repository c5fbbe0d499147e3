#include "ruvector/core/error.hpp"

namespace ruvector {

std::string_view error_name(ErrorCode code) noexcept {
  switch (code) {
    case ErrorCode::kRuVectorError: return "RuVectorError";
    case ErrorCode::kDimensionMismatch: return "DimensionMismatch";
    case ErrorCode::kEmptyIndex: return "EmptyIndex";
    case ErrorCode::kInvalidInput: return "InvalidInput";
    case ErrorCode::kPersistError: return "PersistError";
    case ErrorCode::kWitnessMismatch: return "WitnessMismatch";
    case ErrorCode::kA2AError: return "A2AError";
    case ErrorCode::kTransportError: return "TransportError";
    case ErrorCode::kProtocolError: return "ProtocolError";
    case ErrorCode::kCardSignatureInvalid: return "CardSignatureInvalid";
    case ErrorCode::kEmbedError: return "EmbedError";
  }
  return "RuVectorError";
}

void throw_error(ErrorCode code, const std::string& message) {
  throw Error(code, message);
}

}  // namespace ruvector
