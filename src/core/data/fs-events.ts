// Whether file-system events can be trusted on a file system, and how many directory watches
// the data watcher may take: inotify's limit is per user, and the editor needs its share.
import { readFileSync } from 'node:fs';

/**
 * File systems whose inotify events miss changes made elsewhere (another machine, the Windows
 * side of WSL, a FUSE daemon's backend), by statfs(2) magic number. Outputs there are read on
 * every request. Local file systems (ext4, xfs, btrfs, tmpfs, overlayfs, ...) are trusted.
 */
const REMOTE_FS_TYPES = new Set([
  0x6969, // nfs
  0x517b, // smb
  0xff534d42, // cifs
  0xfe534d42, // smb2
  0x65735546, // fuse (sshfs, s3fs, gcsfuse, rclone, ...)
  0x01021997, // v9fs (WSL2's /mnt/c, VM shares)
  0x73757245, // coda
  0x5346414f, // afs
  0x6b414653, // kafs
  0x00c36400, // ceph
  0x01161970, // gfs2
  0x7461636f, // ocfs2
  0x0bd00bd0, // lustre
  0x47504653, // gpfs
  0x19830326, // beegfs
]);

/** True when inotify on a file system of this statfs type sees every change (a local one). */
export function eventsSeeAllChanges(fsType: number): boolean {
  return !REMOTE_FS_TYPES.has(fsType >>> 0);
}

/** Half of the user's inotify watches (fs.inotify.max_user_watches): the rest is the editor's and others'. */
export function defaultWatchLimit(): number {
  try {
    const max = Number(readFileSync('/proc/sys/fs/inotify/max_user_watches', 'utf8').trim());
    if (Number.isFinite(max) && max > 0) return Math.max(64, Math.floor(max / 2));
  } catch {
    // Not Linux, or no /proc: a modest budget.
  }
  return 4096;
}
