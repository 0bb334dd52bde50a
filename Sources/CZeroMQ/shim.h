#ifndef BACKPROP_CZEROMQ_SHIM_H
#define BACKPROP_CZEROMQ_SHIM_H
// libzmq's C API (Debian's libzmq3-dev puts zmq.h in /usr/include).
#include <zmq.h>
#endif
