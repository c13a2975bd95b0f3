package bad

func F() int { return undefinedName }
