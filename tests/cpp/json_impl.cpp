// Boost.JSON in header-only mode: its implementation is compiled in this one translation unit.
#include <boost/json/src.hpp>
