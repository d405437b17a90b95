/* SPDX-License-Identifier: MIT */
#include "host_tool.h"

#include <unistd.h>

int host_tool_add(struct fileset *fs, struct strlist *programs, const char *path,
		  const char *package, struct err *err)
{
	if (access(path, X_OK) < 0)
		err_sys(err, "cannot run (Debian package %s)", package);
	else if (fileset_file(fs, path, path, 0755, err) >= 0 &&
		 strlist_add(programs, path, err) >= 0)
		return 0;
	return err_at(err, path);
}
