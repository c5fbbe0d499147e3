// Boost.JSON in header-only mode: its implementation is compiled in this one translation unit of the
// core (BOOST_JSON_NO_LIB / BOOST_CONTAINER_NO_LIB are PUBLIC definitions of ruvector_core), so the
// core, the tests and the bindings share one copy and nothing links a Boost library.
#include <boost/json/src.hpp>  // NOLINT(misc-include-cleaner)
