/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * netns.h - the name of the network namespace this process runs in, as
 * `ip netns` knows it: one mplsxd per namespace takes its default pin
 * directory and control socket from it (DESIGN, "Daemon and CLI").
 */
#ifndef MPLSX_NETNS_H
#define MPLSX_NETNS_H

#include <stddef.h>

#define MPLSX_PIN_ROOT	  "/sys/fs/bpf/mplsx"
#define MPLSX_SOCKET_ROOT "/run/mplsx"

/* The /run/netns name whose inode is our /proc/self/ns/net; "default"
 * for the host's own namespace; "netns-INODE" for an unnamed one. */
void mplsx_netns_name(char *buf, size_t len);
/* MPLSX_PIN_ROOT/NETNS and MPLSX_SOCKET_ROOT/NETNS.sock. */
void mplsx_default_pin_dir(char *buf, size_t len);
void mplsx_default_socket(char *buf, size_t len);

#endif
