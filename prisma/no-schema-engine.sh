#!/bin/sh
echo "The native Prisma schema engine is not used in this project: run 'npm run db:migrate' (apply) or 'npm run db:new NAME' (create)." >&2
exit 1
