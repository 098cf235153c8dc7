# SPDX-License-Identifier: MIT
# Installation: headers under include/eddl/, libeddl, a CMake package (find_package(EDDL) gives
# EDDL::eddl) and eddl.pc for pkg-config.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/eddl DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS eddl EXPORT EDDLTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
# The CUDA backend module goes beside libeddl, where libeddl looks for it.
if(TARGET eddl_gpu)
  install(TARGETS eddl_gpu LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
endif()
install(EXPORT EDDLTargets NAMESPACE EDDL:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/EDDL)

configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/EDDLConfig.cmake.in
  ${PROJECT_BINARY_DIR}/EDDLConfig.cmake INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/EDDL)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/EDDLConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMajorVersion)
install(FILES ${PROJECT_BINARY_DIR}/EDDLConfig.cmake ${PROJECT_BINARY_DIR}/EDDLConfigVersion.cmake
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/EDDL)

# eddl.pc finds its prefix relative to itself, so an installed tree can be moved.
file(RELATIVE_PATH EDDL_PC_TO_PREFIX "/prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/prefix")
configure_file(${PROJECT_SOURCE_DIR}/cmake/eddl.pc.in ${PROJECT_BINARY_DIR}/eddl.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/eddl.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
