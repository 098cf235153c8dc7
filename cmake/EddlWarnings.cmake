# SPDX-License-Identifier: MIT
# eddl_warnings(target): the warning set for eddl's own code (not for third-party headers).
function(eddl_warnings target)
  target_compile_options(${target} PRIVATE $<$<COMPILE_LANGUAGE:CXX>:-Wall -Wextra -Wno-unknown-pragmas>)
  if(EDDL_WARNINGS_AS_ERRORS)
    target_compile_options(${target} PRIVATE $<$<COMPILE_LANGUAGE:CXX>:-Werror>)
  endif()
endfunction()

# eddl_floor(name SOURCES... DEPENDS floors...): one floor as an OBJECT library that may use only
# the floors it names (linked upward only), with the include paths every floor shares.
function(eddl_floor name)
  cmake_parse_arguments(F "" "" "SOURCES;DEPENDS;LIBS" ${ARGN})
  add_library(${name} OBJECT ${F_SOURCES})
  target_include_directories(${name} PUBLIC
    $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>
    $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/src>)
  target_link_libraries(${name} PUBLIC ${F_DEPENDS} ${F_LIBS})
  eddl_warnings(${name})
  set_property(GLOBAL APPEND PROPERTY EDDL_FLOORS ${name})
endfunction()
