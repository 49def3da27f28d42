/**
 * What went wrong with a file, in words a user reads after the path (`events/x.json: no such file or folder`):
 * no errno code alone, no second copy of the path that Node's own messages carry.
 */
export const fileProblem = (error: unknown): string => {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOTDIR':
      return 'a part of the path is a file, not a folder';
    case 'EISDIR':
      return 'is a folder, not a file';
    case 'ELOOP':
      return 'too many symbolic links (a loop?)';
    case 'ENAMETOOLONG':
      return 'the path is too long';
    case 'EMFILE':
    case 'ENFILE':
      return 'too many files open; try fewer at once';
    default:
      return code ? `cannot be read (${code})` : 'cannot be read';
  }
};
