#include "ruvector/core/version.hpp"

#ifndef RUVECTOR_VERSION_STRING
#error "RUVECTOR_VERSION_STRING is defined by src/ruvector/CMakeLists.txt from package.json"
#endif

namespace ruvector {

std::string_view version() noexcept {
  return RUVECTOR_VERSION_STRING;
}

}  // namespace ruvector
