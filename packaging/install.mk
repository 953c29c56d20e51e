# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# make install [PREFIX=/usr/local] [DESTDIR=]: binaries, the systemd unit
# template (one instance per network namespace), manual pages, bash
# completion and an example config.  Included by the Makefile.

PREFIX        ?= /usr/local
SBINDIR       ?= $(PREFIX)/sbin
SYSCONFDIR    ?= $(if $(filter /usr,$(PREFIX)),/etc,$(PREFIX)/etc)
UNITDIR       ?= $(PREFIX)/lib/systemd/system
MANDIR        ?= $(PREFIX)/share/man
COMPLETIONDIR ?= $(PREFIX)/share/bash-completion/completions
DOCDIR        ?= $(PREFIX)/share/doc/mplsx
INSTALL       ?= install
VERSION       := $(shell sed -n 's/^\#define MPLSX_VERSION "\(.*\)"/\1/p' agent/util/version.h)

.PHONY: install uninstall

install: $(BUILD)/mplsxd $(BUILD)/mplsxctl
	@echo "  INSTALL $(DESTDIR)$(PREFIX)"
	$(Q)$(INSTALL) -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(UNITDIR) \
		$(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man8 \
		$(DESTDIR)$(COMPLETIONDIR) $(DESTDIR)$(DOCDIR)/examples
	$(Q)$(INSTALL) -d -m 0750 $(DESTDIR)$(SYSCONFDIR)/mplsx
	$(Q)$(INSTALL) -m 0755 $(BUILD)/mplsxd $(BUILD)/mplsxctl \
		$(DESTDIR)$(SBINDIR)/
	$(Q)sed -e 's|@SBINDIR@|$(SBINDIR)|g' \
		-e 's|@SYSCONFDIR@|$(SYSCONFDIR)|g' packaging/mplsxd@.service.in \
		>$(DESTDIR)$(UNITDIR)/mplsxd@.service
	$(Q)chmod 0644 $(DESTDIR)$(UNITDIR)/mplsxd@.service
	$(Q)for p in mplsxd.8 mplsxctl.8 mplsx.json.5; do \
		sed 's|@VERSION@|$(VERSION)|g' man/$$p \
			>$(DESTDIR)$(MANDIR)/man$${p##*.}/$$p && \
		chmod 0644 $(DESTDIR)$(MANDIR)/man$${p##*.}/$$p || exit 1; \
	done
	$(Q)$(INSTALL) -m 0644 packaging/mplsxctl.bash-completion \
		$(DESTDIR)$(COMPLETIONDIR)/mplsxctl
	$(Q)$(INSTALL) -m 0644 packaging/example.json \
		$(DESTDIR)$(DOCDIR)/examples/mplsx.json

uninstall:
	$(Q)rm -f $(DESTDIR)$(SBINDIR)/mplsxd $(DESTDIR)$(SBINDIR)/mplsxctl \
		$(DESTDIR)$(UNITDIR)/mplsxd@.service \
		$(DESTDIR)$(MANDIR)/man8/mplsxd.8 \
		$(DESTDIR)$(MANDIR)/man8/mplsxctl.8 \
		$(DESTDIR)$(MANDIR)/man5/mplsx.json.5 \
		$(DESTDIR)$(COMPLETIONDIR)/mplsxctl \
		$(DESTDIR)$(DOCDIR)/examples/mplsx.json
