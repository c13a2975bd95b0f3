def ask(question):
    return input(question)
